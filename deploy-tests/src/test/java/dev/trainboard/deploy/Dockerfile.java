package dev.trainboard.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile split into its build stages and instructions: continuation lines joined, comments dropped,
 * heredoc bodies kept with the instruction that opens them, and ${ARG} references in FROM lines resolved with
 * the defaults of the global ARGs.
 */
record Dockerfile(String path, String syntax, Map<String, String> globalArgs, List<Stage> stages) {

    private static final Pattern HEREDOC = Pattern.compile("<<-?[\"']?(\\w+)[\"']?");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

    /** One instruction: its keyword in upper case, the rest of the line, and a heredoc body if it has one. */
    record Instruction(String keyword, String arguments, String heredoc) {
    }

    /** The instructions from one FROM up to the next. */
    record Stage(String baseImage, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> matching = all(keyword);
            return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
        }

        /** The ENV values the stage sets, in the KEY=value form. */
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            Pattern pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");
            for (Instruction env : all("ENV")) {
                Matcher matcher = pair.matcher(env.arguments());
                while (matcher.find()) {
                    environment.put(matcher.group(1), matcher.group(2).replaceAll("^\"|\"$", ""));
                }
            }
            return environment;
        }
    }

    static Dockerfile read(String relativePath) {
        String[] lines = Repository.read(relativePath).split("\n", -1);
        String syntax = lines[0].startsWith("# syntax=") ? lines[0].substring("# syntax=".length()).trim() : null;
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            while (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                line = lines[++index].trim();
            }
            logical.append(line);
            String heredoc = null;
            Matcher opener = HEREDOC.matcher(logical);
            if (opener.find()) {
                StringBuilder body = new StringBuilder();
                while (!lines[++index].trim().equals(opener.group(1))) {
                    body.append(lines[index]).append('\n');
                }
                heredoc = body.toString();
            }
            String[] parts = logical.toString().split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : "", heredoc);
            if (instruction.keyword().equals("FROM")) {
                String[] from = instruction.arguments().split("\\s+(?i:as)\\s+");
                stages.add(new Stage(resolve(from[0].trim(), globalArgs), from.length > 1 ? from[1].trim() : null,
                        new ArrayList<>()));
            }
            else if (stages.isEmpty() && instruction.keyword().equals("ARG")) {
                String[] arg = instruction.arguments().split("=", 2);
                globalArgs.put(arg[0].trim(), arg.length > 1 ? arg[1].trim() : "");
            }
            else {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Dockerfile(relativePath, syntax, globalArgs, stages);
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(stage -> name.equals(stage.name())).findFirst();
    }

    private static String resolve(String text, Map<String, String> args) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String value = args.get(matcher.group(1));
            if (value == null) {
                throw new AssertionError("FROM " + text + " uses ${" + matcher.group(1) + "}, which no global ARG defines");
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(resolved).toString();
    }
}
