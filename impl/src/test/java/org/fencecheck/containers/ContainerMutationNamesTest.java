package org.fencecheck.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.fencecheck.fence.MutationNamesTest;
import org.junit.jupiter.api.Test;

/**
 * One set of names for the container's broken variants: the {@code array_*} names of {@link ContainerMutation} are
 * exactly the strings of spec/DmaFenceContainers.tla's {@code ASSUME Mutation \in {...}} (besides "none"), each
 * with a broken model to check, and so are the {@code chain_*} names: the one module models both containers
 * (its {@code Container} constant chooses). The {@code syncobj_*} and {@code unwrap_*} names are exactly the
 * strings of spec/DmaFenceNesting.tla's set minus "none"; its candidate fix is no variant but the module's
 * {@value #NESTING_FIX} constant, which is {@link DrmSyncobj}'s {@code importUnwraps} parameter.
 * A rename on either side fails here. The spec directory is found as
 * org.fencecheck.fence.MutationNamesTest finds it: the {@code fencecheck.spec.dir} property the build sets, else
 * {@code ../spec} from impl/.
 */
class ContainerMutationNamesTest {

    static final Path SPEC = Path.of(System.getProperty("fencecheck.spec.dir", "../spec"));
    static final Path MODULE = SPEC.resolve("DmaFenceContainers.tla");
    static final Path NESTING = SPEC.resolve("DmaFenceNesting.tla");
    /** The constant of spec/DmaFenceNesting.tla that is the candidate fix, DrmSyncobj's importUnwraps. */
    static final String NESTING_FIX = "ImportUnwraps";
    /** The name prefixes of ContainerMutation: one per container, and the nesting module's two. */
    static final List<String> PREFIXES = List.of("array_", "chain_", "syncobj_", "unwrap_");

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p.toAbsolutePath(), e);
        }
    }

    private static Set<String> implNames(String prefix) {
        return Arrays.stream(ContainerMutation.values()).map(ContainerMutation::specName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static Set<String> specNames(String prefix) {
        return MutationNamesTest.assumedMutations(MODULE).stream().filter(n -> n.startsWith(prefix))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everySpecVariantIsOfOneContainer() {
        for (String n : MutationNamesTest.assumedMutations(MODULE)) {
            assertTrue(n.startsWith("array_") || n.startsWith("chain_"),
                    "spec/DmaFenceContainers.tla's Mutation set has '" + n + "', which names no container");
        }
    }

    @Test
    void everyNestingSpecVariantIsOfTheSyncobjOrTheMerge() {
        for (String n : MutationNamesTest.assumedMutations(NESTING)) {
            assertTrue(n.startsWith("syncobj_") || n.startsWith("unwrap_"),
                    "spec/DmaFenceNesting.tla's Mutation set has '" + n + "', which names neither the syncobj nor"
                            + " dma_fence_unwrap_merge()");
        }
    }

    /**
     * The syncobj_* and unwrap_* names are spec/DmaFenceNesting.tla's Mutation set; the candidate fix is the
     * module's boolean constant, as it is a parameter in impl, never a ContainerMutation.
     */
    @Test
    void nestingNamesAreExactlyTheSpecsBrokenVariants() {
        Set<String> all = MutationNamesTest.assumedMutations(NESTING);
        assertTrue(read(NESTING).contains(NESTING_FIX + " \\in BOOLEAN"), "spec/DmaFenceNesting.tla lost the"
                + " candidate fix's constant " + NESTING_FIX + " (impl: DrmSyncobj's importUnwraps)");
        Set<String> spec = new TreeSet<>(all);
        Set<String> impl = implNames("syncobj_");
        impl.addAll(implNames("unwrap_"));
        assertEquals(spec, impl, "spec/DmaFenceNesting.tla's Mutation set (minus \"none\")"
                + " and ContainerMutation's syncobj_*/unwrap_* names differ: only in the spec " + minus(spec, impl)
                + ", only in impl " + minus(impl, spec));
    }

    @Test
    void arrayNamesAreExactlyTheSpecsBrokenVariants() {
        Set<String> spec = specNames("array_");
        Set<String> impl = implNames("array_");
        assertEquals(spec, impl, "spec/DmaFenceContainers.tla's Mutation set and ContainerMutation's array_* names"
                + " differ: only in the spec " + minus(spec, impl) + ", only in impl " + minus(impl, spec)
                + "; a broken variant has one name on both sides, and a Java test showing the property TLC refutes");
    }

    @Test
    void chainNamesAreExactlyTheSpecsBrokenVariants() {
        Set<String> spec = specNames("chain_");
        Set<String> impl = implNames("chain_");
        assertEquals(spec, impl, "spec/DmaFenceContainers.tla's Mutation set and ContainerMutation's chain_* names"
                + " differ: only in the spec " + minus(spec, impl) + ", only in impl " + minus(impl, spec)
                + "; a broken variant has one name on both sides, and a Java test showing the property TLC refutes");
    }

    /**
     * Every name is "none", array_*, chain_*, syncobj_* or unwrap_*, its constant's name lower-cased, and found by
     * ofSpecName.
     */
    @Test
    void everyNameIsOfOneContainerAndRoundTrips() {
        for (ContainerMutation m : ContainerMutation.values()) {
            String n = m.specName();
            assertTrue(n.equals("none") || PREFIXES.stream().anyMatch(n::startsWith),
                    m + ": '" + n + "' names no container (prefixes " + PREFIXES + ")");
            assertEquals(m.name().toLowerCase(Locale.ROOT), n, m + ": spec name and constant differ");
            assertSame(m, ContainerMutation.ofSpecName(n));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContainerMutation.ofSpecName("array_nonsense"));
        assertTrue(e.getMessage().contains("array_no_pending_ref"), e.getMessage());
    }

    /**
     * TLC has a broken model for every variant: a spec/MCDmaFenceContainers_broken_*.cfg or
     * MCDmaFenceNesting_broken_*.cfg that sets it.
     */
    @Test
    void everyVariantHasABrokenModel() throws IOException {
        List<String> cfgs;
        try (var files = Files.list(SPEC)) {
            cfgs = files.map(p -> p.getFileName().toString())
                    .filter(f -> (f.startsWith("MCDmaFenceContainers_broken_")
                            || f.startsWith("MCDmaFenceNesting_broken_")) && f.endsWith(".cfg")).sorted()
                    .toList();
        }
        Set<String> names = new TreeSet<>(implNames("array_"));
        names.addAll(implNames("chain_"));
        names.addAll(implNames("syncobj_"));
        names.addAll(implNames("unwrap_"));
        for (String n : names) {
            Pattern set = Pattern.compile("(?m)^\\s*Mutation\\s*=\\s*\"" + Pattern.quote(n) + "\"\\s*$");
            assertTrue(cfgs.stream().anyMatch(f -> set.matcher(read(SPEC.resolve(f))).find()),
                    n + ": no spec/MCDmaFence{Containers,Nesting}_broken_*.cfg sets Mutation = \"" + n + "\" (have " + cfgs
                            + ")");
        }
    }
}
