package io.lambdascope.extension.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's environment is the user's: any value of any setting gives a configuration (a value
 * that cannot be used is a reported problem and its default applies), never an exception that
 * would keep the extension from starting.
 */
class ConfigurationFuzzTest {
    /**
     * Every setting but the attribute-key regex: compiling a regex the user wrote is what that
     * setting is for, and Jazzer reports any pattern it controls as an injection. ConfigurationTest
     * covers an invalid one.
     */
    private static final List<Setting<?>> FUZZED = Settings.all().stream().filter(setting -> setting != Settings.REDACT_ATTRIBUTES).toList();

    @FuzzTest(maxDuration = "3s")
    void environment(FuzzedDataProvider data) {
        Map<String, String> environment = new HashMap<>();
        int settings = data.consumeInt(0, 8);
        for (int i = 0; i < settings; i++) {
            Setting<?> setting = data.pickValue(FUZZED);
            environment.put(setting.name(), data.consumeString(120));
        }
        if (data.consumeBoolean()) {
            environment.put("OTEL_RESOURCE_ATTRIBUTES", data.consumeString(200));
        }
        if (data.consumeBoolean()) {
            environment.put("OTEL_SERVICE_NAME", data.consumeString(60));
        }
        Configuration.from(environment);
    }
}
