package org.dqmstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every key of the defaults with its default, and nothing else. */
class ConfigurationDocsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (?:`(.*)`)? \\|$", Pattern.MULTILINE);

    @Test
    void theReferenceListsEveryKeyWithItsDefault() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/dqm-stream.properties")) {
            defaults.load(in);
        }
        Map<String, String> expected = new TreeMap<>();
        defaults.stringPropertyNames().forEach(k -> expected.put(k, defaults.getProperty(k)));
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("docs/configuration.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2) == null ? "" : row.group(2).replace("\\|", "|"));
        }
        assertThat(documented).isEqualTo(expected);
        assertThat(MonitorConfig.defaults()).as("and the defaults load").isNotNull();
    }
}
