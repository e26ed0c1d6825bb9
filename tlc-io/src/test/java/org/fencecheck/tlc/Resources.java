package org.fencecheck.tlc;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test helper: the path of a file under src/test/resources. */
final class Resources {

    private Resources() {
    }

    static Path path(String name) {
        URL url = Resources.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
