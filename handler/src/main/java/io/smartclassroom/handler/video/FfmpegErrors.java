package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the error codes FFmpeg (avformat, avcodec) reports into sentences about the video, so a person reads
 * "is not a video container FFmpeg knows" instead of {@code avformat_open_input() error -1094995529}. The codes are
 * FFmpeg's {@code AVERROR} values: negated POSIX errno values, or negated four-character tags.
 */
public final class FfmpegErrors {
    /** {@code AVERROR_INVALIDDATA}: {@code -MKTAG('I','N','D','A')}. */
    public static final int INVALID_DATA = -1094995529;
    /** {@code AVERROR_EOF}: {@code -MKTAG('E','O','F',' ')}. */
    public static final int END_OF_FILE = -541478725;
    /** {@code AVERROR_DEMUXER_NOT_FOUND}: {@code -MKTAG(0xF8,'D','E','M')}. */
    public static final int DEMUXER_NOT_FOUND = -1296385272;
    /** {@code AVERROR_DECODER_NOT_FOUND}: {@code -MKTAG(0xF8,'D','E','C')}. */
    public static final int DECODER_NOT_FOUND = -1128613112;
    /** {@code AVERROR_STREAM_NOT_FOUND}: {@code -MKTAG(0xF8,'S','T','R')}. */
    public static final int STREAM_NOT_FOUND = -1381258232;
    /** {@code AVERROR_PATCHWELCOME}: a feature FFmpeg does not implement. */
    public static final int PATCH_WELCOME = -1163346256;
    public static final int ENOENT = -2;
    public static final int EIO = -5;
    public static final int ENOMEM = -12;
    public static final int EACCES = -13;

    private static final Map<Integer, String> SENTENCES = Map.of(
            INVALID_DATA, "is not a video container FFmpeg knows",
            END_OF_FILE, "ends before any video data (empty or truncated)",
            DEMUXER_NOT_FOUND, "is in a container format FFmpeg has no demuxer for",
            DECODER_NOT_FOUND, "uses a codec FFmpeg has no decoder for",
            STREAM_NOT_FOUND, "has no stream FFmpeg can read",
            PATCH_WELCOME, "uses a feature of its format that FFmpeg does not implement",
            ENOENT, "does not exist where FFmpeg looked for it",
            EIO, "could not be read (input/output error)",
            ENOMEM, "needs more memory to open than FFmpeg could get",
            EACCES, "may not be read (permission denied)");

    /** The texts {@code av_strerror} gives for the codes, as they appear in decoder messages. */
    private static final Map<String, Integer> STRERROR = Map.of(
            "Invalid data found when processing input", INVALID_DATA,
            "End of file", END_OF_FILE,
            "Demuxer not found", DEMUXER_NOT_FOUND,
            "Decoder not found", DECODER_NOT_FOUND,
            "Stream not found", STREAM_NOT_FOUND,
            "Not yet implemented in FFmpeg, patches welcome", PATCH_WELCOME,
            "No such file or directory", ENOENT,
            "Input/output error", EIO,
            "Cannot allocate memory", ENOMEM,
            "Permission denied", EACCES);

    /** An error code as JavaCV writes it: {@code avformat_open_input() error -1094995529: ...}. */
    private static final Pattern CODE = Pattern.compile("error (-\\d{1,10})\\b");

    private FfmpegErrors() {}

    /** The sentence for an {@code AVERROR} code ("is not a video container FFmpeg knows"), if the code is known. */
    public static Optional<String> sentence(int code) {
        return Optional.ofNullable(SENTENCES.get(code));
    }

    /**
     * The sentence for the first FFmpeg error in {@code message} (a JavaCV exception's): a known code
     * ({@code error -1094995529}) or the text {@code av_strerror} gives for one.
     */
    public static Optional<String> sentenceIn(String message) {
        requireNonNull(message, "message");
        Matcher matcher = CODE.matcher(message);
        while (matcher.find()) {
            try {
                Optional<String> sentence = sentence(Integer.parseInt(matcher.group(1)));
                if (sentence.isPresent()) {
                    return sentence;
                }
            } catch (NumberFormatException ignored) {
                // not an int: not an AVERROR
            }
        }
        for (Map.Entry<String, Integer> text : STRERROR.entrySet()) {
            if (message.contains(text.getKey())) {
                return sentence(text.getValue());
            }
        }
        return Optional.empty();
    }
}
