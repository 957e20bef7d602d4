package dev.pulse.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulse.stack.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a real headless Chromium against the whole aggregation service on the real engines: the page
 * loads, asks for the read key, and its chart, tables, leaderboard and live numbers show what was sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TENANT = "dash" + UUID.randomUUID().toString().substring(0, 8);
    private static final String READ_KEY = "dash-" + UUID.randomUUID();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        TestEngines.get().springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("pulse.clickhouse.database", () -> "dash_" + UUID.randomUUID().toString().replace("-", ""));
        registry.add("pulse.tenants." + TENANT + ".read-key", () -> READ_KEY);
        registry.add("pulse.leaderboards.tenants." + TENANT + "[0].name", () -> "buyers");
        registry.add("pulse.leaderboards.tenants." + TENANT + "[0].event", () -> "Buy");
        registry.add("pulse.leaderboards.tenants." + TENANT + "[0].window", () -> "all-time");
    }

    @Test
    void theDashboardShowsWhatTheBackendCounted() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (bin/pulse install puts them there)");
        // 120 events over the last 20 minutes: 40 in DE, 30 in the "winter" campaign, 60 buys by 10 users
        TestEvents.send(TENANT, 120, null, Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES),
                Duration.ofSeconds(10));
        // a steady trickle for the live panel, dated two hours back so the last hour's numbers stay as sent
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        trickle.scheduleAtFixedRate(() -> TestEvents.send(TENANT, 4, "Live", Instant.now().minus(Duration.ofHours(2)),
                Duration.ofMillis(1)), 0, 500, TimeUnit.MILLISECONDS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
        try {
            browser.get("http://127.0.0.1:" + port + "/dashboard.html");
            browser.findElement(By.id("key")).sendKeys(READ_KEY);
            browser.findElement(By.id("connect")).click();

            // the page refreshes every 15 s and redraws its tables: elements read mid-redraw may be stale
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                Object bars = ((JavascriptExecutor) browser).executeScript(
                        "return [...document.querySelectorAll('#chart rect')].filter(r => +r.getAttribute('height') > 0).length");
                assertThat(((Number) bars).intValue()).isGreaterThan(10);
                assertThat(browser.findElement(By.id("countries")).getText()).contains("FR 80", "DE 40");
                assertThat(browser.findElement(By.id("campaigns")).getText()).contains("winter 30");
                assertThat(browser.findElement(By.id("events")).getText()).contains("View 60", "Buy 60");
                // headings are shown in capitals
                assertThat(browser.findElement(By.id("leaderboardTitle")).getText()).containsIgnoringCase("buyers (all, 10 members)");
                assertThat(browser.findElement(By.id("freshness")).getText()).contains("newest event counted");
            });
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                assertThat(browser.findElement(By.id("perSecond")).getText()).matches("[1-9]\\d* /s");
                assertThat(browser.findElement(By.id("latest")).getText()).contains("Live");
            });
        }
        finally {
            trickle.shutdownNow();
            browser.quit();
        }
    }
}
