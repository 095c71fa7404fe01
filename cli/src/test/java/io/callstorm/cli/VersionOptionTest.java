package io.callstorm.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOptionTest {
    @Test
    void printsTheProjectVersionAndTheCommitTheBuildWrote() throws IOException {
        Properties build = new Properties();
        try (InputStream in = CallstormCli.class.getResourceAsStream("version.properties")) {
            assertThat(in).as("version.properties on the class path").isNotNull();
            build.load(in);
        }
        // the build filled the file in: the version from the pom; the commit from git, empty outside a checkout
        assertThat(build.getProperty("version")).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        String commit = build.getProperty("commit");
        assertThat(commit).matches("([0-9a-f]{12}(-dirty)?)?");

        CliResult r = CliResult.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("callstorm " + build.getProperty("version") + " (commit "
                        + (commit.isEmpty() ? "unknown)" : commit.substring(0, 12)))
                .doesNotContain("dev", "${"));
        assertThat(r.out()).contains("Java " + Runtime.version());
    }
}
