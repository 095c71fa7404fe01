package io.callstorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstorm.simulate.report.ReportJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of {@code --ui}, in a real browser: a short real-clock demo with the dashboard, its page loaded
 * in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by Selenium), the charts seen
 * to update, Stop pressed, and the partial report found, with the exit code of a stopped run.
 *
 * <p>Chromium must be installed: the test fails without it (CI installs it, see {@code .ci/run}) unless the system
 * property {@value #SKIP} is {@code true}. With {@value #SCREENSHOTS} set to a folder, it saves the page there as
 * {@code live-dashboard.png} (how {@code docs/live-dashboard.png} is made).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LiveDashboardBrowserTest {
    static final String SKIP = "callstorm.skipBrowserTests";
    static final String SCREENSHOTS = "callstorm.screenshots";
    private static final Pattern ADDRESS = Pattern.compile("live dashboard at (http://\\S+)");

    private Process cli;
    private WebDriver browser;

    @BeforeEach
    void needsChromium() {
        if (Boolean.getBoolean(SKIP)) {
            Assumptions.abort(SKIP + " is set");
        }
        assertThat(chromium()).as("chromium is installed (apt-get install -y chromium chromium-driver), or -D%s=true "
                + "skips this test", SKIP).isPresent();
        assertThat(onPath("chromedriver")).as("chromedriver is installed (apt-get install -y chromium-driver)")
                .isPresent();
    }

    @AfterEach
    void cleanUp() {
        if (browser != null) {
            browser.quit();
        }
        if (cli != null && cli.isAlive()) {
            cli.destroyForcibly();
        }
    }

    @Test
    void thePageFollowsTheRunAndItsStopButtonEndsItWithAPartialReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        cli = new ProcessBuilder(javaCommand("demo", "--peak", "40", "--start", "5", "--ramp", "30s", "--hold", "5m",
                "--clock", "real", "--no-progress", "--ui", "--ui-keep", "20s", "--out", out.toString()))
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
        String address = awaitAddress(dir.resolve("stderr"));
        assertThat(address).startsWith("http://127.0.0.1:");

        browser = chrome(dir.resolve("chromium-profile"));
        browser.get(address);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(200));
        wait.until(b -> sequence(b) >= 2 && points(b, "load-chart") >= 1);
        long firstSequence = sequence(browser);
        int firstPoints = points(browser, "load-chart");
        // the charts' data grows while the run goes on: new readings, new points, stage curves forming
        wait.until(b -> sequence(b) >= firstSequence + 3 && points(b, "load-chart") > firstPoints
                && points(b, "stage-chart") > 0 && points(b, "quality-chart") > 0);
        assertThat(browser.findElement(By.id("state")).getAttribute("data-state")).isEqualTo("RUNNING");
        assertThat(Long.parseLong(browser.findElement(By.id("k-started")).getText().replace(",", ""))).isPositive();
        screenshot("live-dashboard.png");

        browser.findElement(By.id("stop")).click();

        wait.until(b -> "FINISHED".equals(b.findElement(By.id("state")).getAttribute("data-state")));
        assertThat(browser.findElement(By.id("finished")).getText()).contains("partial")
                .contains("stopped from the live dashboard");
        screenshot("live-dashboard-finished.png");
        JsonNode report = ReportJson.mapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("completeness").get("partial").asBoolean()).isTrue();
        assertThat(report.get("completeness").get("reason").asText()).isEqualTo("stopped from the live dashboard");
        assertThat(out.resolve("report.html")).isRegularFile();
        // the page's link to the report works while the dashboard stays up (--ui-keep)
        browser.findElement(By.id("report-link")).click();
        wait.until(b -> b.getCurrentUrl().endsWith("/report.html") && !b.findElements(By.cssSelector("header h1"))
                .isEmpty());

        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended after --ui-keep").isTrue();
        String stdout = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
        assertThat(cli.exitValue()).as("a run stopped from the page exits as after Ctrl-C; stdout:%n%s", stdout)
                .isEqualTo(InteractiveRun.EXIT_STOPPED_FROM_PAGE);
        assertThat(stdout).contains("Wrote " + out.resolve("report.json"));
        assertThat(Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8))
                .contains("stopping the run: stopped from the live dashboard");
    }

    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), CallstormCli.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private String awaitAddress(Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && cli.isAlive()) {
            Matcher m = ADDRESS.matcher(Files.readString(stderr, StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the CLI printed no dashboard address; alive: " + cli.isAlive() + "; stderr:\n"
                + Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** Headless Chromium for a closed machine: nothing fetched, no first-run work, a profile of its own. */
    private static WebDriver chrome(Path profile) throws IOException {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions().setBinary(chromium().orElseThrow().toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
        // the driver named outright: Selenium Manager would otherwise try to download one
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(onPath("chromedriver").orElseThrow().toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 1250));
        return driver;
    }

    private static long sequence(WebDriver b) {
        return Long.parseLong(b.findElement(By.tagName("body")).getAttribute("data-sequence"));
    }

    private static int points(WebDriver b, String chart) {
        return Integer.parseInt(b.findElement(By.id(chart)).getAttribute("data-points"));
    }

    private void screenshot(String name) throws IOException {
        String folder = System.getProperty(SCREENSHOTS);
        if (folder == null || folder.isBlank()) {
            return;
        }
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(Path.of(folder));
        Files.write(Path.of(folder, name), png);
    }

    private static Optional<Path> chromium() {
        return onPath("chromium").or(() -> onPath("chromium-browser")).or(() -> onPath("google-chrome"));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).findFirst();
    }
}
