package io.callstorm.simulate.connect.media.internal;

import io.callstorm.simulate.connect.media.MuLaw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads RIFF/WAVE audio into one channel of floats: PCM 8 (unsigned), 16, 24 and 32-bit, IEEE float 32 and 64-bit,
 * G.711 mu-law and A-law, plain or in a WAVE_FORMAT_EXTENSIBLE header, any number of channels (averaged to
 * mono), any sample rate. Errors name the source and what was found, since they end up in front of whoever
 * recorded the file.
 */
public final class WavReader {
    /** Larger files are refused rather than read: a caller's utterance is seconds, not an hour. */
    static final long MAX_FILE_BYTES = 200L << 20;

    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int A_LAW = 6;
    private static final int MU_LAW = 7;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final String SUPPORTED =
            "supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, mu-law, A-law";

    private WavReader() {
    }

    /** Reads a WAV file. @throws IOException when it cannot be read or is not a WAV this class reads */
    public static MonoAudio read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + ": " + size + " bytes is larger than the " + MAX_FILE_BYTES
                    + " bytes a caller utterance may have");
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads WAV bytes; {@code source} names them in errors. A data chunk longer than the bytes present is read
     * to the end: programs writing WAV to a pipe (espeak-ng, ffmpeg) cannot know the length in advance.
     */
    public static MonoAudio read(byte[] wav, String source) throws IOException {
        if (wav.length < 12 || !tag(wav, 0).equals("RIFF") || !tag(wav, 8).equals("WAVE")) {
            String start = wav.length >= 4 ? printable(wav, 0, Math.min(wav.length, 12)) : "";
            if (wav.length >= 4 && (tag(wav, 0).equals("RIFX") || tag(wav, 0).equals("RF64"))) {
                throw new IOException(source + ": " + tag(wav, 0) + " files are not supported; save it as a "
                        + "plain little-endian RIFF/WAVE file");
            }
            throw new IOException(source + ": not a WAV file (expected RIFF....WAVE, found \"" + start + "\" in "
                    + wav.length + " bytes)");
        }
        Format format = null;
        int dataStart = -1;
        int dataLength = 0;
        int pos = 12;
        while (pos + 8 <= wav.length) {
            String id = tag(wav, pos);
            long size = u32(wav, pos + 4);
            int body = pos + 8;
            long available = wav.length - (long) body;
            if (id.equals("fmt ")) {
                if (size < 16 || size > available) {
                    throw new IOException(source + ": the fmt chunk is " + size + " bytes; expected at least 16");
                }
                format = Format.parse(wav, body, (int) size, source);
            } else if (id.equals("data")) {
                dataStart = body;
                dataLength = (int) Math.min(size, available);
                if (format != null) {
                    break; // what follows the samples (LIST, id3) is not needed
                }
            }
            long next = body + size + (size & 1);
            if (next > wav.length) {
                break;
            }
            pos = (int) next;
        }
        if (format == null) {
            throw new IOException(source + ": WAV file without a fmt chunk");
        }
        if (dataStart < 0) {
            throw new IOException(source + ": WAV file without a data chunk");
        }
        return new MonoAudio(format.sampleRate, format.decode(wav, dataStart, dataLength));
    }

    private record Format(int code, int channels, int sampleRate, int blockAlign, int bits) {
        static Format parse(byte[] b, int at, int size, String source) throws IOException {
            int code = u16(b, at);
            int channels = u16(b, at + 2);
            int sampleRate = (int) Math.min(Integer.MAX_VALUE, u32(b, at + 4));
            int blockAlign = u16(b, at + 12);
            int bits = u16(b, at + 14);
            if (code == EXTENSIBLE) {
                if (size < 40) {
                    throw new IOException(source + ": WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size
                            + " bytes; expected 40");
                }
                code = u16(b, at + 24); // the first two bytes of the sub-format GUID are the format code
            }
            if (code != PCM && code != IEEE_FLOAT && code != A_LAW && code != MU_LAW) {
                throw new IOException(source + ": unsupported WAV format " + code + " (" + formatName(code)
                        + "); " + SUPPORTED);
            }
            boolean bitsOk = switch (code) {
                case PCM -> bits == 8 || bits == 16 || bits == 24 || bits == 32;
                case IEEE_FLOAT -> bits == 32 || bits == 64;
                default -> bits == 8;
            };
            if (!bitsOk) {
                throw new IOException(source + ": unsupported " + formatName(code) + " with " + bits
                        + " bits per sample; " + SUPPORTED);
            }
            if (channels < 1) {
                throw new IOException(source + ": WAV file with " + channels + " channels");
            }
            if (sampleRate < 1_000 || sampleRate > 768_000) {
                throw new IOException(source + ": unsupported sample rate " + sampleRate
                        + " Hz; expected 1,000 to 768,000");
            }
            if (blockAlign < channels * (bits / 8)) {
                throw new IOException(source + ": block align " + blockAlign + " is too small for " + channels
                        + " channels of " + bits + " bits");
            }
            return new Format(code, channels, sampleRate, blockAlign, bits);
        }

        float[] decode(byte[] b, int start, int length) {
            int frames = length / blockAlign;
            int width = bits / 8;
            float[] out = new float[frames];
            float scale = 1f / channels;
            for (int f = 0; f < frames; f++) {
                int at = start + f * blockAlign;
                float sum = 0;
                for (int c = 0; c < channels; c++, at += width) {
                    sum += sample(b, at);
                }
                out[f] = sum * scale;
            }
            return out;
        }

        private float sample(byte[] b, int at) {
            switch (code) {
                case PCM:
                    switch (bits) {
                        case 8:
                            return ((b[at] & 0xFF) - 128) / 128f;
                        case 16:
                            return (short) u16(b, at) / 32_768f;
                        case 24:
                            return ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | b[at + 2] << 16) / 8_388_608f;
                        default:
                            return (int) u32(b, at) / 2_147_483_648f;
                    }
                case IEEE_FLOAT:
                    return bits == 32 ? Float.intBitsToFloat((int) u32(b, at))
                            : (float) Double.longBitsToDouble(u32(b, at) | u32(b, at + 4) << 32);
                case MU_LAW:
                    return MuLaw.decode(b[at]) / 32_768f;
                default:
                    return aLaw(b[at]) / 32_768f;
            }
        }
    }

    /** G.711 A-law to linear 16-bit. */
    static int aLaw(byte encoded) {
        int a = (encoded & 0xFF) ^ 0x55;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    private static String formatName(int code) {
        return switch (code) {
            case PCM -> "PCM";
            case 2 -> "Microsoft ADPCM";
            case IEEE_FLOAT -> "IEEE float";
            case A_LAW -> "A-law";
            case MU_LAW -> "mu-law";
            case 0x11 -> "IMA ADPCM";
            case 0x31 -> "GSM 6.10";
            case 0x50 -> "MPEG";
            case 0x55 -> "MPEG Layer 3";
            default -> "unknown";
        };
    }

    private static String tag(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] b, int at, int end) {
        StringBuilder s = new StringBuilder();
        for (int i = at; i < end; i++) {
            int c = b[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        return s.toString();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
