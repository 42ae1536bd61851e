package io.sealedkv.keystore.file;

import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The exclusive lock a keystore holds while open: an OS file lock on the sibling file
 * {@code <keystore>.lock}, so that a second server or tool opening the same keystore fails at once
 * instead of writing over the first one's changes. The lock file itself stays in place (removing it
 * would race with the next opener); the OS drops the lock when the process dies.
 */
final class KeystoreLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private KeystoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path lockFileOf(Path keystore) {
        return keystore.resolveSibling(keystore.getFileName() + ".lock");
    }

    /** @throws KeystoreException with reason IN_USE if someone else holds the lock */
    static KeystoreLock acquire(Path keystore) {
        Path lockFile = lockFileOf(keystore);
        FileChannel channel = openChannel(lockFile);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new KeystoreLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held by another keystore in this process: the same answer as for another process
        } catch (IOException e) {
            closeQuietly(channel);
            throw new KeystoreException(Reason.IO_ERROR, "cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new KeystoreException(Reason.IN_USE, "keystore " + keystore
                + " is in use by another process (lock file " + lockFile + ")");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases the lock as well
        }
        closeQuietly(channel);
    }

    private static FileChannel openChannel(Path lockFile) {
        try {
            return FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    FileModes.ownerOnly(lockFile.toAbsolutePath().getParent()));
        } catch (IOException e) {
            throw new KeystoreException(Reason.IO_ERROR, "cannot open lock file " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
