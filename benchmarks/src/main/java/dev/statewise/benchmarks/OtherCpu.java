package dev.statewise.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How much of the machine went to anything but this benchmark while it measured: the CPU time of
 * the whole machine, minus that of this JVM and of the embedded server's processes, plus the time
 * the hypervisor gave to other machines (steal). On a shared 2-core machine this is what explains a
 * slow round, so the report shows it beside the figures. Read from Linux's /proc; elsewhere it is
 * unknown.
 */
final class OtherCpu {

    /** Linux reports process and system CPU time in ticks of 1/100 s on every common platform. */
    private static final double TICKS_PER_SECOND = 100;

    private final long postmasterPid;

    OtherCpu(long postmasterPid) {
        this.postmasterPid = postmasterPid;
    }

    record Sample(long nanos, long others) {}

    /** A reading to compare a later one with, or null where /proc cannot be read. */
    Sample sample() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3])
                    + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]);
            long steal = Long.parseLong(cpu[8]);
            return new Sample(System.nanoTime(), busy + steal - ownTicks());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The share of the machine's capacity others took since {@code before}, or NaN when unknown. */
    double shareSince(Sample before) {
        Sample now = sample();
        if (before == null || now == null) {
            return Double.NaN;
        }
        double capacity = (now.nanos() - before.nanos()) / 1e9 * TICKS_PER_SECOND
                * Runtime.getRuntime().availableProcessors();
        return Math.max(0, (now.others() - before.others()) / capacity);
    }

    /** This JVM, the postmaster and its children: backends, WAL writer, checkpointer, autovacuum. */
    private long ownTicks() throws IOException {
        long ticks = 0;
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] stat = statFields(process);
                if (stat == null) {
                    continue;
                }
                long pid = Long.parseLong(name);
                // Fields after the command: state, ppid, ..., utime, stime, and the children's at 13 and 14.
                long parent = Long.parseLong(stat[1]);
                if (pid == self || pid == postmasterPid || parent == postmasterPid) {
                    ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                }
                // Backends and autovacuum workers that ended are counted in the postmaster's children.
                if (pid == postmasterPid) {
                    ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
                }
            }
        }
        return ticks;
    }

    /** The fields of /proc/PID/stat after the command name, which may itself hold spaces. */
    private static String[] statFields(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            // The process ended while we looked.
            return null;
        }
    }
}
