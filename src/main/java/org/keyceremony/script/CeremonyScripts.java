package org.keyceremony.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.keyceremony.base.InvalidInputException;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Reads and validates ceremony scripts. The only way to get a {@link CeremonyScript}: what
 * comes out has passed every check in {@code ceremony-scripts/README.md}; what does not
 * is refused with a {@link ScriptException} listing every error of the file.
 */
public final class CeremonyScripts {
    /** Larger than any script needs; read no further than this (the same bound as {@link PlainYaml#MAX_CODE_POINTS}). */
    public static final int MAX_FILE_BYTES = PlainYaml.MAX_CODE_POINTS;

    private CeremonyScripts() {
    }

    /**
     * Reads, parses and validates a script file.
     *
     * @throws ScriptException       the file was read but is not a valid script (every error listed)
     * @throws InvalidInputException the file cannot be read (missing, a directory, too large)
     */
    public static CeremonyScript parse(Path file) throws InvalidInputException {
        byte[] bytes = read(file);
        String name = file.toString();
        Problems problems = new Problems();
        Optional<String> text = decode(bytes, problems);
        if (text.isEmpty()) {
            throw new ScriptException(name, problems.errors());
        }
        return parse(text.get(), sha256(bytes), name, problems);
    }

    /**
     * Parses and validates a script given as text; its hash is taken over the UTF-8 bytes.
     *
     * @param fileName used in messages only
     * @throws ScriptException the text is not a valid script (every error listed)
     */
    public static CeremonyScript parse(String text, String fileName) throws ScriptException {
        return parse(text, sha256(text.getBytes(StandardCharsets.UTF_8)), fileName, new Problems());
    }

    private static CeremonyScript parse(String text, String sha256Hex, String fileName, Problems problems)
            throws ScriptException {
        Optional<MappingNode> root = PlainYaml.compose(text, fileName, problems);
        if (root.isEmpty()) {
            throw new ScriptException(fileName, problems.errors());
        }
        ScriptReader.Draft draft = ScriptReader.read(root.get(), problems);
        ScriptValidator.validate(draft, problems);
        if (!problems.isEmpty()) {
            throw new ScriptException(fileName, problems.errors());
        }
        if (draft.metadata().isEmpty() || draft.policy().isEmpty() || !draft.complete()) {
            // every path that leaves a part out reports why; reaching this is a bug, not a valid script
            throw new IllegalStateException("script " + fileName + " lost a part without an error");
        }
        return new CeremonyScript(draft.metadata().get(), draft.policy().get(), draft.roles(), draft.acts(),
                text, sha256Hex);
    }

    private static byte[] read(Path file) throws InvalidInputException {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + " is a directory, not a script file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                // The same error, and the same exit status, whatever the size: it is a file read, not a script.
                Problems problems = new Problems();
                problems.add("", 1, PlainYaml.tooLarge());
                throw new ScriptException(file.toString(), problems.errors());
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions");
        }
    }

    /** Strict UTF-8: a script with bytes that are not text is refused, with the line they are on. */
    private static Optional<String> decode(byte[] bytes, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            problems.add("", line, "not UTF-8 text (byte offset " + in.position() + "); save the script as UTF-8");
            return Optional.empty();
        }
        decoder.flush(out);
        return Optional.of(out.flip().toString());
    }

    private static String sha256(byte[] bytes) {
        return org.keyceremony.base.Digests.sha256Hex(bytes);
    }

    /** The YAML names of all actions, in documentation order (for tools and the GUI's script view). */
    public static List<String> actionNames() {
        return ActionReader.kinds();
    }
}
