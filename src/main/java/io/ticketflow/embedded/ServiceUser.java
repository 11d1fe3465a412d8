package io.ticketflow.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated system user that runs Elasticsearch when this JVM runs as root.
 * <p>
 * Elasticsearch refuses to start as root ("can not run elasticsearch as root"). So when the uid is 0 we create a
 * no-login system user, hand it the install, data and logs folders, and start the server through {@code runuser}
 * (or {@code setpriv}, or {@code su}, whichever exists). That user must be able to reach those folders, so every
 * parent folder has to be traversable by others.
 */
final class ServiceUser {

    private static final Logger log = LoggerFactory.getLogger(ServiceUser.class);

    static final String NAME = "ticketflow-es";

    private static final List<Path> SYSTEM_BIN_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"),
            Path.of("/usr/bin"), Path.of("/bin"));

    private ServiceUser() {
    }

    static boolean currentUserIsRoot() {
        try {
            // /proc/self belongs to the effective uid of this process
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Creates the system user unless it exists already. */
    static void ensureExists() throws IOException {
        if (exists()) {
            return;
        }
        log.info("Creating system user {} to run Elasticsearch (it refuses to run as root)", NAME);
        int exit = run(List.of(executable("useradd"), "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                NAME));
        // exit code 9 means another JVM created it in the meantime
        if (exit != 0 && !exists()) {
            throw new IOException("useradd " + NAME + " failed with exit code " + exit);
        }
    }

    private static boolean exists() throws IOException {
        return run(List.of("id", "-u", NAME)) == 0;
    }

    /** Gives {@code dir} and everything below it to the service user. */
    static void chownRecursively(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(NAME);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(NAME);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }

    /**
     * Wraps {@code command} so that it runs as the service user.
     * @param command the program and its arguments
     * @return the full command line
     */
    static List<String> runAs(List<String> command) {
        List<String> wrapped = new ArrayList<>();
        Path runuser = find("runuser");
        Path setpriv = find("setpriv");
        if (runuser != null) {
            wrapped.addAll(List.of(runuser.toString(), "-u", NAME, "--"));
        }
        else if (setpriv != null) {
            wrapped.addAll(List.of(setpriv.toString(), "--reuid=" + NAME, "--regid=" + NAME, "--init-groups", "--"));
        }
        else {
            // the user's shell is nologin, so su needs -s; extra arguments after -c are handed to that shell
            wrapped.addAll(List.of(executable("su"), "-s", "/bin/sh", NAME, "-c", "exec \"$0\" \"$@\""));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Creates {@code dir} (and missing parents) and reports whether the service user can reach it: every existing
     * parent must be executable by others. Folders created here get {@code o+rx}.
     */
    static boolean prepareReachableDirectory(Path dir) throws IOException {
        Path firstMissing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            firstMissing = p;
        }
        Files.createDirectories(dir);
        if (firstMissing != null) {
            for (Path p = dir; p != null && p.startsWith(firstMissing); p = p.getParent()) {
                addPermissions(p, PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_READ,
                        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_READ);
            }
        }
        return firstUnreachableParent(dir) == null;
    }

    /** The first folder on the way to {@code dir} that others may not traverse, or {@code null}. */
    static Path firstUnreachableParent(Path dir) throws IOException {
        for (Path p = dir.getRoot(); p != null; p = nextTowards(p, dir)) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return p;
            }
            if (p.equals(dir)) {
                break;
            }
        }
        return null;
    }

    private static Path nextTowards(Path current, Path target) {
        return current.equals(target) ? null : current.resolve(current.relativize(target).getName(0));
    }

    private static void addPermissions(Path path, PosixFilePermission... permissions) throws IOException {
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        current.addAll(List.of(permissions));
        Files.setPosixFilePermissions(path, current);
    }

    private static String executable(String name) {
        Path found = find(name);
        return (found != null) ? found.toString() : name;
    }

    private static Path find(String name) {
        List<Path> dirs = new ArrayList<>(SYSTEM_BIN_DIRS);
        String pathEnv = System.getenv("PATH");
        if (pathEnv != null) {
            for (String dir : pathEnv.split(":")) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return dirs.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static int run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("Timed out: " + command);
            }
            if (process.exitValue() != 0 && !output.isEmpty()) {
                log.debug("{} exited with {}: {}", command, process.exitValue(), output);
            }
            return process.exitValue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + command, ex);
        }
    }

}
