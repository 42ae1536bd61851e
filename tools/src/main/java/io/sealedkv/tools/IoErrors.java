package io.sealedkv.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line saying what an I/O failure was: the file system's exceptions carry only the path as their
 * message ("P" instead of "P: no such file"), and Jackson's add a second line with the location.
 */
final class IoErrors {
    private IoErrors() {
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return ((FileSystemException) e).getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return ((FileSystemException) e).getFile() + ": permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return ((FileSystemException) e).getFile() + ": not a directory";
        }
        if (e instanceof JsonProcessingException json) {
            return json.getOriginalMessage();
        }
        return e.getMessage();
    }
}
