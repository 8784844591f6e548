package dev.mil4j.spec;

import java.nio.file.Path;

/** Resolving relative paths read from package files without letting them escape the package. */
final class PackagePaths {
    private PackagePaths() {}

    /**
     * Resolves a {@code /}-separated relative path under a base directory.
     *
     * @param base the directory the path is relative to
     * @param relative the path read from a file
     * @param source the file the path was read from, named in errors
     * @param what what the path is for, named in errors
     * @return the resolved path, inside {@code base}
     * @throws ModelFormatException if the path is empty, absolute, has control characters (such as NUL, which no
     *     file system accepts), or has empty, {@code .} or {@code ..} parts
     */
    static Path resolveInside(Path base, String relative, Path source, String what) throws ModelFormatException {
        String problem = null;
        if (relative.isEmpty()) {
            problem = "is empty";
        } else if (relative.startsWith("/") || relative.contains("\\") || relative.contains(":")) {
            problem = "must be a relative path with '/' separators";
        } else if (relative.chars().anyMatch(Character::isISOControl)) {
            problem = "has a control character";
        } else {
            for (String part : relative.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    problem = "must not contain empty, '.' or '..' parts";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new ModelFormatException(source, "the path of " + what + " \"" + printable(relative) + "\" "
                    + problem + "; it must name a file inside the package");
        }
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base.normalize())) {
            throw new ModelFormatException(source, "the path of " + what + " \"" + relative
                    + "\" leads outside the package");
        }
        return resolved;
    }

    /** The path as a message shows it, each control character as a Java escape (backslash, u, four hex digits). */
    private static String printable(String relative) {
        StringBuilder sb = new StringBuilder(relative.length());
        relative.chars().forEach(c -> sb.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return sb.toString();
    }
}
