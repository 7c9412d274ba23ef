package io.vetcd.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a differential script (see src/test/resources/it/differential.txt for the syntax): one
 * etcdctl command per line, `#` comments, shell-like double quotes, and ` <<< ` before stdin text
 * in which `\n` stands for a newline.
 */
final class DifferentialScript {
  private static final String STDIN_MARKER = " <<< ";

  private DifferentialScript() {}

  static List<ScriptCommand> load(String resource) {
    try (InputStream in = DifferentialScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ScriptCommand> parse(String script) {
    List<ScriptCommand> commands = new ArrayList<>();
    String[] lines = script.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int marker = line.indexOf(STDIN_MARKER);
      String argText = marker < 0 ? line : line.substring(0, marker);
      String stdin = marker < 0 ? "" : line.substring(marker + STDIN_MARKER.length())
          .replace("\\n", "\n");
      commands.add(new ScriptCommand(i + 1, line, tokenize(argText, i + 1), stdin));
    }
    return commands;
  }

  /** Splits on spaces; "double quotes" make one token (possibly empty) with \" and \\ escapes. */
  private static List<String> tokenize(String text, int lineNumber) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = null;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < text.length()) {
          token.append(text.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          token.append(c);
        }
      } else if (c == ' ') {
        if (token != null) {
          tokens.add(token.toString());
          token = null;
        }
      } else {
        if (token == null) {
          token = new StringBuilder();
        }
        if (c == '"') {
          quoted = true;
        } else {
          token.append(c);
        }
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("line " + lineNumber + ": unterminated quote");
    }
    if (token != null) {
      tokens.add(token.toString());
    }
    return tokens;
  }
}
