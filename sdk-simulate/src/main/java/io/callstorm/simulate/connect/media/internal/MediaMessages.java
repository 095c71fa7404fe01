package io.callstorm.simulate.connect.media.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callstorm.simulate.connect.media.MuLaw;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The Twilio Media Streams messages Callstorm sends as the caller's side, and a reader for what the agent sends.
 * Media frames, 50 a second a call, are built by concatenation, always of {@value MuLaw#FRAME_BYTES} bytes (a short
 * last frame is padded with mu-law silence, as Twilio's are whole); the rare messages through Jackson.
 */
final class MediaMessages {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    static final String ACCOUNT_SID = "ACcallstorm";
    /** A frame of mu-law silence, encoded once: between utterances every call streams it 50 times a second. */
    private static final String SILENCE_PAYLOAD;

    static {
        byte[] quiet = new byte[MuLaw.FRAME_BYTES];
        Arrays.fill(quiet, MuLaw.SILENCE);
        SILENCE_PAYLOAD = BASE64.encodeToString(quiet);
    }

    private MediaMessages() {
    }

    static String connected() {
        return "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    }

    static String start(int seq, String streamSid, String callSid, Map<String, String> customParameters) {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", "start");
        m.put("sequenceNumber", Integer.toString(seq));
        m.put("streamSid", streamSid);
        ObjectNode start = m.putObject("start");
        start.put("accountSid", ACCOUNT_SID);
        start.put("callSid", callSid);
        start.put("streamSid", streamSid);
        start.putArray("tracks").add("inbound");
        ObjectNode format = start.putObject("mediaFormat");
        format.put("encoding", "audio/x-mulaw");
        format.put("sampleRate", 8000);
        format.put("channels", 1);
        ObjectNode params = start.putObject("customParameters");
        customParameters.forEach(params::put);
        return m.toString();
    }

    /**
     * A media frame of the {@code length} (at most one frame's) bytes of {@code audio} from {@code offset}, padded
     * with silence to a whole frame.
     */
    static String media(int seq, String streamSid, int chunk, long timestampMillis, byte[] audio, int offset,
                        int length) {
        byte[] frame = Arrays.copyOfRange(audio, offset, offset + MuLaw.FRAME_BYTES);
        if (length < MuLaw.FRAME_BYTES) {
            Arrays.fill(frame, length, MuLaw.FRAME_BYTES, MuLaw.SILENCE);
        }
        return media(seq, streamSid, chunk, timestampMillis, BASE64.encodeToString(frame));
    }

    /** A media frame of silence. */
    static String silence(int seq, String streamSid, int chunk, long timestampMillis) {
        return media(seq, streamSid, chunk, timestampMillis, SILENCE_PAYLOAD);
    }

    private static String media(int seq, String streamSid, int chunk, long timestampMillis, String payload) {
        return new StringBuilder(130 + payload.length() + streamSid.length())
                .append("{\"event\":\"media\",\"sequenceNumber\":\"").append(seq)
                .append("\",\"streamSid\":\"").append(streamSid)
                .append("\",\"media\":{\"track\":\"inbound\",\"chunk\":\"").append(chunk)
                .append("\",\"timestamp\":\"").append(timestampMillis)
                .append("\",\"payload\":\"").append(payload).append("\"}}")
                .toString();
    }

    static String mark(int seq, String streamSid, String name) {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", "mark");
        m.put("sequenceNumber", Integer.toString(seq));
        m.put("streamSid", streamSid);
        m.putObject("mark").put("name", name);
        return m.toString();
    }

    static String stop(int seq, String streamSid, String callSid) {
        return "{\"event\":\"stop\",\"sequenceNumber\":\"" + seq + "\",\"streamSid\":\"" + streamSid
                + "\",\"stop\":{\"accountSid\":\"" + ACCOUNT_SID + "\",\"callSid\":\"" + callSid + "\"}}";
    }

    /**
     * Callstorm's extension: the words of the speech that follows. {@code interruption}: the caller talks over
     * the agent's reply to {@code turn} rather than taking a turn of its own.
     */
    static String utterance(int seq, String streamSid, int turn, boolean interruption, String text,
                            long speechMillis) {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", "callstorm.utterance");
        m.put("sequenceNumber", Integer.toString(seq));
        m.put("streamSid", streamSid);
        ObjectNode u = m.putObject("utterance");
        u.put("turn", turn);
        if (interruption) {
            u.put("interruption", true);
        }
        u.put("text", text);
        u.put("speechMs", speechMillis);
        return m.toString();
    }

    /** One message from the agent, as far as the caller's side cares. */
    record Inbound(String event, String payload, String markName, JsonNode body) {
    }

    /**
     * Reads an agent message: its {@code event}, a media {@code payload}, a mark's {@code name}, and the body of
     * the {@code transcript} or {@code error} of Callstorm's extension events.
     *
     * @throws IOException if it is not a JSON object
     */
    static Inbound read(byte[] json, int offset, int length) throws IOException {
        String event = null;
        String payload = null;
        String markName = null;
        JsonNode body = null;
        try (JsonParser p = FACTORY.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "event" -> event = p.getValueAsString();
                    case "media" -> payload = textField(p, value, "payload");
                    case "mark" -> markName = textField(p, value, "name");
                    case "transcript", "error" -> body = p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("malformed JSON object");
            }
        }
        if (event == null) {
            throw new IOException("no \"event\" field");
        }
        return new Inbound(event, payload, markName, body);
    }

    private static String textField(JsonParser p, JsonToken value, String name) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String out = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals(name)) {
                out = p.getValueAsString();
            } else {
                p.skipChildren();
            }
        }
        return out;
    }
}
