package org.fencecheck.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which JVM options a TLC run gets: the temporal ones only for a temporal run of a long model. */
class TlcSettingsTest {

    private static final List<String> SAFETY = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final List<String> TEMPORAL = List.of("-XX:+UseParallelGC");
    private static final TlcSettings TLC = new TlcSettings(1, "3g", 600, 2, SAFETY, TEMPORAL);

    @Test
    void safetyRunsGetTheSafetyOptionsWhateverTheSize() {
        assertEquals(SAFETY, TLC.jvmOptions(false, null));
        assertEquals(SAFETY, TLC.jvmOptions(false, 1_000_000L));
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
