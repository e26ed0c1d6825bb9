package org.fencecheck.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which JVM options a TLC run gets: the temporal (long-run) ones for a temporal run of a long model and for any
 * run of a model of a million states or more.
 */
class TlcSettingsTest {

    private static final List<String> SAFETY = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final List<String> TEMPORAL = List.of("-XX:+UseParallelGC");
    private static final TlcSettings TLC = new TlcSettings(1, "3g", 600, 2, SAFETY, TEMPORAL);

    @Test
    void safetyRunsGetTheSafetyOptionsBelowAMillionStates() {
        assertEquals(SAFETY, TLC.jvmOptions(false, null));
        assertEquals(SAFETY, TLC.jvmOptions(false, TlcSettings.LONG_SAFETY_STATES - 1));
        assertEquals(SAFETY, TLC.jvmOptions(false, 280_169L));
    }

    @Test
    void safetyRunsOfMillionsOfStatesGetTheLongRunOptions() {
        assertEquals(TEMPORAL, TLC.jvmOptions(false, TlcSettings.LONG_SAFETY_STATES));
        assertEquals(TEMPORAL, TLC.jvmOptions(false, 3_306_978L));
    }

    @Test
    void temporalRunsOfLongModelsGetTheTemporalOptions() {
        assertEquals(TEMPORAL, TLC.jvmOptions(true, TlcSettings.LONG_TEMPORAL_STATES));
        assertEquals(TEMPORAL, TLC.jvmOptions(true, 81_338L));
    }

    @Test
    void temporalRunsOfShortOrUncountedModelsGetTheSafetyOptions() {
        assertEquals(SAFETY, TLC.jvmOptions(true, TlcSettings.LONG_TEMPORAL_STATES - 1));
        assertEquals(SAFETY, TLC.jvmOptions(true, 4_324L));
        assertEquals(SAFETY, TLC.jvmOptions(true, null), "a broken model has no recorded count");
    }
}
