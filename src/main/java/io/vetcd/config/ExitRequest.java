package io.vetcd.config;

/**
 * Thrown by {@link ConfigLoader#load} when the arguments ask for information instead of a server
 * ({@code --help}, {@code -h}, {@code --version}): print {@link #text()} to stdout and exit 0.
 */
public final class ExitRequest extends RuntimeException {
  private final String text;

  ExitRequest(String text) {
    super("exit requested", null, false, false);
    this.text = text;
  }

  public String text() {
    return text;
  }
}
