package org.fencecheck.lincheck;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fencecheck.tlc.CfgParser;
import org.fencecheck.tlc.Manifest;
import org.fencecheck.tlc.ManifestReader;
import org.fencecheck.tlc.ModelEntry;

/** The driver models of spec/manifest.json with their cfg's constants, strings unquoted. */
final class ModelConstants {

    private ModelConstants() {
    }

    /**
     * The properties TLC finds violated in each {@code MCDmaFenceDrivers} model (spec/manifest.json's expect).
     *
     * @param spec the spec folder
     * @return model name -> violated properties
     */
    static Map<String, java.util.Set<String>> driverViolations(Path spec) {
        Manifest m = ManifestReader.read(spec.resolve("manifest.json"));
        Map<String, java.util.Set<String>> out = new LinkedHashMap<>();
        for (ModelEntry e : m.models()) {
            if (e.module().equals("MCDmaFenceDrivers")) {
                java.util.Set<String> v = new java.util.TreeSet<>();
                e.expect().forEach((p, verdict) -> {
                    if (verdict == org.fencecheck.tlc.Verdict.VIOLATED) {
                        v.add(p);
                    }
                });
                out.put(e.name(), v);
            }
        }
        return out;
    }

    /**
     * Every {@code MCDmaFenceDrivers} model's constants, read with the gate's manifest and cfg readers (which
     * reject a malformed file naming it).
     *
     * @param spec the spec folder
     * @return model name -> constant name -> value ({@code "xe_hw"} unquoted, {@code 2})
     */
    static Map<String, Map<String, String>> driverModels(Path spec) {
        Manifest m = ManifestReader.read(spec.resolve("manifest.json"));
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (ModelEntry e : m.models()) {
            if (e.module().equals("MCDmaFenceDrivers")) {
                Map<String, String> k = new LinkedHashMap<>();
                CfgParser.read(spec.resolve(e.config())).constants().forEach((n, v) -> k.put(n, v.replace("\"", "")));
                out.put(e.name(), k);
            }
        }
        return out;
    }

    /**
     * The {@code MCDmaFenceDrivers} models of the manifest's {@code large} group, which, as in the gate and in
     * impl's AtlasVerdictTest, the default run leaves out ({@code -Dfencecheck.large=true}: the nightly job).
     *
     * @param spec the spec folder
     * @return their names
     */
    static java.util.Set<String> largeDriverModels(Path spec) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (ModelEntry e : ManifestReader.read(spec.resolve("manifest.json")).models()) {
            if (e.module().equals("MCDmaFenceDrivers") && e.group().equals("large")) {
                out.add(e.name());
            }
        }
        return out;
    }
}
