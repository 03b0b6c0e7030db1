package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} reads well in an 80-column terminal: picocli wraps each description string as a paragraph, and each
 * further string starts a new line, so a paragraph cut into several strings wraps raggedly. A command's description is
 * its summary and at most one paragraph; an option's is one paragraph; no line of the help is wider than 80 columns.
 */
class HelpTextTest {
    private static final int TERMINAL_COLUMNS = 80;

    @Test
    void everyDescriptionIsASummaryAndOneParagraph() {
        for (CommandSpec command : commands()) {
            assertThat(command.usageMessage().description()).as(command.qualifiedName()).hasSizeLessThanOrEqualTo(2);
            for (OptionSpec option : command.options()) {
                assertThat(option.description()).as(command.qualifiedName() + " " + option.longestName()).hasSizeLessThanOrEqualTo(1);
            }
            command.positionalParameters().forEach(parameter ->
                    assertThat(parameter.description()).as(command.qualifiedName() + " " + parameter.paramLabel()).hasSizeLessThanOrEqualTo(1));
        }
    }

    /** picocli wraps a footer line that is too wide at column 0, which breaks an example command in two. */
    @Test
    void everyExampleFitsTheTerminal() {
        for (CommandSpec command : commands()) {
            assertThat(command.usageMessage().footer()).as(command.qualifiedName() + " --help's footer")
                    .allMatch(line -> line.replace("%%", "%").length() <= TERMINAL_COLUMNS);
        }
    }

    @Test
    void noHelpLineIsWiderThanTheTerminal() {
        for (CommandSpec command : commands()) {
            String help = command.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(help.lines()).as(command.qualifiedName() + " --help:\n" + help).allMatch(line -> line.length() <= TERMINAL_COLUMNS);
        }
    }

    @Test
    void aParagraphWrapsAtWordsWithoutShortLinesInside() {
        String help = ModelMarketCli.commandLine().getSubcommands().get("reveal").getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> paragraph = help.lines().dropWhile(line -> !line.startsWith("Checks that the chain")).takeWhile(line -> !line.startsWith(" "))
                .toList();
        assertThat(paragraph).hasSizeGreaterThan(2);
        // Every line but the paragraph's last fills the width to within one word.
        assertThat(paragraph.subList(0, paragraph.size() - 1)).allMatch(line -> line.length() > TERMINAL_COLUMNS - 16);
    }

    /** picocli may break a line after a dot, a slash or a hyphen: no word (an address such as 127.0.0.1) is cut in two. */
    @Test
    void noLineBreakCutsAWord() {
        List<String> cut = new ArrayList<>();
        for (CommandSpec command : commands()) {
            String help = command.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
            Set<String> printedWords = Set.copyOf(List.of(help.split("\\s+")));
            List<String> descriptions = new ArrayList<>(List.of(command.usageMessage().description()));
            command.options().forEach(option -> descriptions.addAll(List.of(option.description())));
            for (String description : descriptions) {
                for (String word : description.split("\\s+")) {
                    if (!word.contains("${") && !word.contains("%") && word.length() < 50 && !printedWords.contains(word)) {
                        cut.add(command.qualifiedName() + " --help: " + word);
                    }
                }
            }
        }
        assertThat(cut).as("words cut by a line break").isEmpty();
    }

    private static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(ModelMarketCli.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine line, List<CommandSpec> all) {
        all.add(line.getCommandSpec());
        line.getSubcommands().values().forEach(sub -> collect(sub, all));
    }
}
