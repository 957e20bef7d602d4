package dev.pulse.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.script.RedisScript;

class RedisScriptsTest {

    @Test
    void aScriptIsReadWholeWithItsResultType() throws Exception {
        RedisScript<String> script = RedisScripts.load("redis/echo.lua", String.class);

        assertThat(script.getScriptAsString()).isEqualTo("return ARGV[1]\n");
        assertThat(script.getResultType()).isEqualTo(String.class);
        assertThat(script.getSha1()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-1").digest("return ARGV[1]\n".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aMissingScriptFailsAtLoadNamingItsPath() {
        assertThatThrownBy(() -> RedisScripts.load("redis/absent.lua", Long.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("classpath:redis/absent.lua");
    }
}
