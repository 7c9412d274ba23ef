package io.vetcd.config;

import java.util.Locale;

/** The text of --help, in etcd's layout, generated from {@link Flag} so it cannot drift. */
final class HelpText {
  private HelpText() {
  }

  static String usage() {
    StringBuilder text = new StringBuilder("""
        Usage:

          vetcd [flags]
            Start a vetcd member (an etcd 3.4 compatible server).

          vetcd --version
            Show the version of vetcd and of the etcd API it serves.

          vetcd -h | --help
            Show this help.

          vetcd --config-file FILE | -conf FILE
            Read settings from a JSON file whose keys are the flag names ("data-dir": "x").
            Precedence: flags, then ETCD_* environment variables (ETCD_DATA_DIR), then the
            file (also ETCD_CONFIG_FILE), then the defaults below. -conf also takes JSON text.
        """);
    Flag.Section section = null;
    for (Flag flag : Flag.values()) {
      if (flag.section != section) {
        section = flag.section;
        String heading = section.name().toLowerCase(Locale.ROOT);
        text.append('\n').append(Character.toUpperCase(heading.charAt(0)))
            .append(heading.substring(1)).append(":\n");
      }
      text.append("  --").append(flag.flagName).append(" '").append(flag.shownDefault).append("'\n")
          .append("    ").append(flag.help).append('\n');
    }
    text.append("""

        Other etcd 3.4 flags (--enable-v2, --pre-vote, --wal-dir, --logger, ...) are accepted
        and have no effect; vetcd names them in its log at start.
        """);
    return text.toString();
  }
}
