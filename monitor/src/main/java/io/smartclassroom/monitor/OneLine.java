package io.smartclassroom.monitor;

/** Makes an exception's message fit on one log or error line. */
final class OneLine {
    private static final int MAX_LENGTH = 500;

    private OneLine() {}

    static String of(Throwable error) {
        String message = error.getMessage();
        String text = message == null || message.isBlank()
                ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + message;
        return truncate(text);
    }

    static String truncate(String text) {
        String single = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return single.length() <= MAX_LENGTH ? single : single.substring(0, MAX_LENGTH) + "…";
    }
}
