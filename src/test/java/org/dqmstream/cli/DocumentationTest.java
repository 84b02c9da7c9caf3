package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation honest: every relative link resolves, every command and option it shows exists,
 * and every configuration key it names is one the monitor reads.
 */
class DocumentationTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern COMMAND = Pattern.compile("(?:dqm-stream\\.jar|(?<![\\w./-])dqm-stream)[ \\t]+(.*)");
    /** A configuration key, not part of a longer name, a placeholder, a call or a file name. */
    private static final Pattern KEY = Pattern.compile("(?<![\\w.<-])((?:kafka|topics|input|output|batch|model|flags|"
            + "metrics|generator|console|training|images|stream|runs|certification|subsystems)\\.[a-z][\\w.<>-]*"
            + "[\\w>])(?![\\w(])");
    private static final Pattern FILE_NAME = Pattern.compile(".*\\.(csv|h5|hdf5|json|png|html|ya?ml|md|txt|avsc|jar)");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^(https?|mailto):.*") || target.startsWith("#")) {
                    continue;
                }
                Path resolved = doc.toAbsolutePath().getParent().resolve(target.replaceFirst("#.*", "")).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target);
                }
            }
        }
        assertThat(broken).as("links to nothing").isEmpty();
    }

    @Test
    void everyCommandAndOptionShownExists() throws IOException {
        List<Shown> commands = shownInCode(COMMAND);
        List<String> wrong = new ArrayList<>();
        for (Shown c : commands) {
            String problem = problem(c.match().group(1).trim().split("\\s+"));
            if (problem != null) {
                wrong.add(c.doc() + ": '" + c.match().group(0).trim() + "': " + problem);
            }
        }
        assertThat(commands.size()).as("commands shown in the docs").isGreaterThan(20);
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyConfigurationKeyNamedExists() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/dqm-stream.properties")) {
            defaults.load(in);
        }
        List<Shown> keys = shownInCode(KEY).stream()
                .filter(k -> !FILE_NAME.matcher(k.match().group(1)).matches()).toList();
        List<String> unknown = keys.stream().filter(k -> !known(k.match().group(1), defaults))
                .map(k -> k.doc() + ": " + k.match().group(1)).toList();
        assertThat(keys.size()).as("keys named in the docs").isGreaterThan(30);
        assertThat(unknown).as("keys the monitor does not read").isEmpty();
    }

    /** One match of a pattern in the code of a document. */
    private record Shown(Path doc, MatchResult match) {
    }

    /** Every match of {@code pattern} in the code (fenced blocks and spans) of every document. */
    private static List<Shown> shownInCode(Pattern pattern) throws IOException {
        List<Shown> out = new ArrayList<>();
        for (Path doc : docs()) {
            for (String code : code(Files.readString(doc))) {
                pattern.matcher(code).results().forEach(m -> out.add(new Shown(doc, m)));
            }
        }
        return out;
    }

    /** A key of the defaults, a pass-through (kafka.client.*, subsystems.*), or a pattern one key matches. */
    private static boolean known(String key, Properties defaults) {
        if (defaults.containsKey(key) || key.startsWith("kafka.client") || key.startsWith("subsystems.")) {
            return true;
        }
        if (key.contains("<")) {
            Pattern pattern = Pattern.compile(Pattern.quote(key).replaceAll("<[^>]*>", "\\\\E[\\\\w-]+\\\\Q"));
            return defaults.stringPropertyNames().stream().anyMatch(k -> pattern.matcher(k).matches());
        }
        return false;
    }

    /** Why the command line {@code args} (after "dqm-stream") is wrong, or null if every part exists. */
    private static String problem(String[] args) {
        CommandLine command = DqmStream.commandLine();
        int i = 0;
        if (args.length > 0 && args[0].startsWith("<")) {
            return null; // a placeholder: "dqm-stream <command> --help"
        }
        if (args.length == 0 || !command.getSubcommands().containsKey(args[0])) {
            return args.length == 0 ? "no command" : "no command '" + args[0] + "'";
        }
        while (i < args.length && command.getSubcommands().containsKey(args[i])) {
            command = command.getSubcommands().get(args[i++]);
        }
        CommandSpec spec = command.getCommandSpec();
        for (; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--") || arg.matches("-\\d.*")) {
                continue;
            }
            String name = arg.replaceFirst("=.*", "");
            if (spec.findOption(name) == null && !spec.negatedOptionsMap().containsKey(name)) {
                return "'" + spec.qualifiedName() + "' has no option " + name;
            }
        }
        return null;
    }

    /** The code in a markdown text: fenced blocks (continued lines joined) and code spans. */
    private static List<String> code(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher fence = FENCE.matcher(markdown);
        while (fence.find()) {
            out.addAll(List.of(fence.group(1).replace("\\\n", " ").split("\n")));
        }
        Matcher span = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (span.find()) {
            out.add(span.group(1));
        }
        return out;
    }

    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("BENCHMARKS.md")));
        for (String dir : List.of("docs", "ops/runbooks")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
            }
        }
        return docs;
    }
}
