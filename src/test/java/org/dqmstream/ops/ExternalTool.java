package org.dqmstream.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool the ops checks need (promtool, amtool, docker-compose, npm), from Debian's packages that
 * .ci/run installs. A missing tool fails the test with the package to install, never skips it.
 */
final class ExternalTool {
    record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    static Result run(Path directory, long timeoutSeconds, String... command) {
        Path log = null;
        try {
            log = Files.createTempFile("tool-", ".log");
            Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(command[0] + " could not be started (" + e.getMessage() + "). Install it: "
                    + "apt-get install -y --no-install-recommends " + String.join(" ", PACKAGES) + " (.ci/run does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    static final List<String> PACKAGES = List.of("prometheus", "prometheus-alertmanager", "docker-compose", "nodejs", "npm");

    /** The repository root: Maven runs tests there. */
    static Path repository() {
        return Path.of("").toAbsolutePath();
    }
}
