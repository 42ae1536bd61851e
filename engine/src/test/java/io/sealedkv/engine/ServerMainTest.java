package io.sealedkv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerMainTest {
    private static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";
    private static final String OLD_LEVEL_PROPERTY = "io.netty.leakDetectionLevel";
    private Level before;

    @BeforeEach
    void rememberLevel() {
        before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(Level.SIMPLE);
    }

    @AfterEach
    void restoreLevel() {
        System.clearProperty(LEVEL_PROPERTY);
        System.clearProperty(OLD_LEVEL_PROPERTY);
        ResourceLeakDetector.setLevel(before);
    }

    @Test
    void theServerRunsWithoutNettysLeakTracking() {
        ServerMain.withoutLeakTracking();
        assertEquals(Level.DISABLED, ResourceLeakDetector.getLevel());
    }

    @Test
    void aLevelAskedForOnTheCommandLineIsKept() {
        System.setProperty(LEVEL_PROPERTY, "simple");
        ServerMain.withoutLeakTracking();
        assertEquals(Level.SIMPLE, ResourceLeakDetector.getLevel());
    }

    @Test
    void aLevelAskedForUnderNettysOlderPropertyNameIsKept() {
        System.setProperty(OLD_LEVEL_PROPERTY, "simple");
        ServerMain.withoutLeakTracking();
        assertEquals(Level.SIMPLE, ResourceLeakDetector.getLevel());
    }
}
