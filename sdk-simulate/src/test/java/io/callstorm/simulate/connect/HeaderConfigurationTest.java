package io.callstorm.simulate.connect;

import io.callstorm.core.secret.Secrets;
import io.callstorm.simulate.connect.http.HttpSseConnector;
import io.callstorm.simulate.connect.media.MediaStreamConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Headers no request could carry fail when they are configured, naming the header, on both network connectors'
 * builders; a secret header is masked like the bearer token.
 */
class HeaderConfigurationTest {
    @Test
    void controlCharactersInHeadersAndTokensFailAtConfigurationNamingTheField() {
        for (NetworkConnectorBuilder<?> b : java.util.List.<NetworkConnectorBuilder<?>>of(
                HttpSseConnector.builder(URI.create("http://agent")),
                MediaStreamConnector.builder(URI.create("ws://agent/media")))) {
            assertThatThrownBy(() -> b.header("X-Tenant", "load\r\nX-Injected: 1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("header X-Tenant").hasMessageContaining("CR at index 4")
                    .hasMessageNotContaining("Injected");
            assertThatThrownBy(() -> b.header("X-Tenant", "a\0b")).hasMessageContaining("NUL at index 1");
            assertThatThrownBy(() -> b.header("X-Ten\nant", "ok")).hasMessageContaining("LF at index 5");
            assertThatThrownBy(() -> b.header("X Tenant", "ok")).hasMessageContaining("token");
            assertThatThrownBy(() -> b.secretHeader("X-Api-Key", "key-with-newline\n-tail"))
                    .hasMessageContaining("header X-Api-Key").hasMessageContaining("LF at index 16")
                    .hasMessageNotContaining("key-with-newline");
            assertThatThrownBy(() -> b.bearerToken("sk-live-abc\r\ndef")).hasMessageContaining("bearerToken")
                    .hasMessageContaining("CR at index 11").hasMessageNotContaining("sk-live");
            assertThat(b.header("X-Tenant", "load test\twith a tab")).isSameAs(b);
        }
    }

    @Test
    void aSecretHeaderIsMaskedEverywhereAndNeverPrinted() {
        String value = "hdr-canary-7Rt2Lk9Q";
        try (HttpSseConnector c = HttpSseConnector.builder(URI.create("http://agent"))
                .secretHeader("X-Api-Key", value).header("X-Tenant", "t1").build()) {
            assertThat(c.toString()).doesNotContain(value);
        }
        assertThat(Secrets.redact("echo X-Api-Key: " + value)).isEqualTo("echo X-Api-Key: ***");
        assertThat(AgentException.of(AgentErrorKind.OTHER, "HTTP 403: bad key " + value).getMessage())
                .isEqualTo("HTTP 403: bad key ***");
    }
}
