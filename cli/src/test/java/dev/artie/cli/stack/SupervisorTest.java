package dev.artie.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {
    @TempDir
    Path workDir;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final Supervisor supervisor = new Supervisor(
            new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(30)), console::add);

    @AfterEach
    void stop() {
        supervisor.stopAll(Duration.ofSeconds(1));
    }

    @Test
    void restartsAChildThatWasKilled() {
        SupervisedChild child = supervisor.start(spec("sleeper", "exec sleep 60"));
        long firstPid = child.pid();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(15)).until(() -> child.restarts() == 1 && child.alive());
        assertThat(child.pid()).isNotEqualTo(firstPid);
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(console).anyMatch(line -> line.contains("sleeper exited with code 137"));
    }

    @Test
    void restartsEvenWhileTheCommonPoolIsBusyWithBlockingWork() {
        // What a 2-core machine has: a common fork-join pool of one thread, here kept busy by someone else's
        // blocking tasks. Restarts must not wait for it.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        int threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism();
        for (int i = 0; i < threads * 2; i++) {
            java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            SupervisedChild child = supervisor.start(spec("sleeper", "exec sleep 60"));
            ProcessHandle.of(child.pid()).orElseThrow().destroyForcibly();

            await().atMost(Duration.ofSeconds(10)).until(() -> child.restarts() == 1 && child.alive());
            supervisor.stopAll(Duration.ofSeconds(1));
            assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aChildThatKeepsCrashingIsRestartedWithGrowingDelays() {
        SupervisedChild child = supervisor.start(spec("crasher", "exit 3"));

        await().atMost(Duration.ofSeconds(15)).until(() -> child.restarts() >= 4);

        assertThat(console)
                .filteredOn(line -> line.contains("crasher exited with code 3"))
                .first()
                .asString()
                .contains("after 100 ms");
        assertThat(console)
                .anyMatch(line -> line.contains("after 200 ms"))
                .anyMatch(line -> line.contains("after 400 ms"))
                .noneMatch(line -> line.contains("after 800 ms"));
    }

    @Test
    void stopEndsEveryChildAndItsChildrenEvenWhenTheyIgnoreSigterm() {
        SupervisedChild polite = supervisor.start(spec("polite", "exec sleep 60"));
        SupervisedChild stubborn = supervisor.start(spec("stubborn", "trap '' TERM; sleep 60 & wait"));
        ProcessHandle stubbornShell = ProcessHandle.of(stubborn.pid()).orElseThrow();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> stubbornShell.descendants().findAny().isPresent());
        List<ProcessHandle> all = List.of(
                ProcessHandle.of(polite.pid()).orElseThrow(),
                stubbornShell,
                stubbornShell.descendants().findFirst().orElseThrow());

        supervisor.stopAll(Duration.ofMillis(500));

        await().atMost(Duration.ofSeconds(15)).until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(console).anyMatch(line -> line.contains("stubborn did not stop within"));
        assertThat(polite.restarts()).isZero(); // a stop is not a crash
    }

    @Test
    void outputGoesToTheLogFileAndWarningsAlsoToTheConsole() throws Exception {
        ChildSpec spec = spec("talker", "echo '12:00:01 INFO  fine'; echo '12:00:02 WARN  careful'; sleep 60");
        supervisor.start(spec);

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        Files.exists(spec.log()) && Files.readString(spec.log()).contains("careful"));

        assertThat(Files.readString(spec.log())).contains("12:00:01 INFO  fine");
        assertThat(console).contains("[talker] 12:00:02 WARN  careful").noneMatch(line -> line.contains("fine"));
    }

    private ChildSpec spec(String name, String shellCommand) {
        return new ChildSpec(
                name,
                List.of("sh", "-c", shellCommand),
                System.getenv(),
                workDir,
                workDir.resolve("logs").resolve(name + ".log"));
    }
}
