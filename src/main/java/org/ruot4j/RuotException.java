package org.ruot4j;

/**
 * An error the user can act on: bad input, a missing file, an impossible setting. Its message is one line
 * that names the file, line or field and says what was expected; the CLI prints it and exits non-zero, the
 * kernel shows it without a stack trace.
 */
public class RuotException extends RuntimeException {
    public RuotException(String message) {
        super(message);
    }

    public RuotException(String message, Throwable cause) {
        super(message, cause);
    }
}
