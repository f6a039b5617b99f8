package dev.trainboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Files of the TrainBoard repository the deploy tests read, located from the module's parent directory. */
final class Repository {

    private static final Pattern BACKTICKED_VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)[:}]");

    private static final Pattern POM_PROPERTY = Pattern.compile("<%s>([^<]+)</%s>");

    private Repository() {
    }

    static Path root() {
        return Path.of(System.getProperty("trainboard.root", "..")).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The environment variables docs/architecture.md lists in its configuration table. */
    static Set<String> documentedVariables() {
        String architecture = read("docs/architecture.md");
        String table = architecture.substring(architecture.indexOf("## Ports and configuration"));
        Set<String> variables = new TreeSet<>();
        Matcher matcher = BACKTICKED_VARIABLE.matcher(table);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }

    /**
     * The variables a service can be configured with: docs/architecture.md's table and the ${VARIABLE:default}
     * placeholders of the service's own application.yml.
     */
    static Set<String> variablesOf(String module) {
        Set<String> variables = documentedVariables();
        Matcher matcher = PLACEHOLDER.matcher(read(module + "/src/main/resources/application.yml"));
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }

    /** A property of the parent pom, so image versions can be checked against the build's own. */
    static String parentPomProperty(String name) {
        Matcher matcher = Pattern.compile(String.format(POM_PROPERTY.pattern(), name, name)).matcher(read("pom.xml"));
        if (!matcher.find()) {
            throw new AssertionError("pom.xml has no property <" + name + ">");
        }
        return matcher.group(1).trim();
    }
}
