package io.callstorm.simulate.connect.media.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** A media-stream connector's settings, checked by its builder. */
public record MediaSettings(URI url, Map<String, String> headers, Map<String, String> customParameters,
                            boolean offerExtensions, boolean sendUtteranceText, Duration silenceTail,
                            Duration connectTimeout, Duration firstAudioTimeout, Duration replyQuietPeriod, double bargeInRate,
                            Duration bargeInAfter, Duration bargeInClearTimeout, String interjection,
                            double recordShare) {
}
