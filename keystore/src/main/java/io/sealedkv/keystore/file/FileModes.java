package io.sealedkv.keystore.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** POSIX permission checks for secret files; on a file system without POSIX permissions they pass. */
final class FileModes {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private FileModes() {
    }

    /** The file's permissions, or empty where the file system has none. */
    static Optional<Set<PosixFilePermission>> of(Path file) throws IOException {
        if (!isPosix(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.getPosixFilePermissions(file));
    }

    /** True if any group or others bit is set. */
    static boolean accessibleByOthers(Set<PosixFilePermission> permissions) {
        return permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
    }

    static boolean readableByOthers(Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ);
    }

    /** As {@code ls} and {@code chmod} write it, e.g. {@code 0644}. */
    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }

    /** Attributes that create a file readable and writable by its owner only (mode 0600). */
    static FileAttribute<?>[] ownerOnly(Path directory) {
        return isPosix(directory)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
