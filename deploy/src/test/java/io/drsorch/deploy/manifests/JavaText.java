package io.drsorch.deploy.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java source without its comments (a name in a comment reads nothing), and its strings: the
 * names a module reads by hand ({@code System.getenv("X")}, {@code getInt("http.port", 8090)}) are
 * string literals. The names of its {@code @ConfigMapping} settings, which appear in no string, are
 * derived here too.
 */
record JavaText(String code, List<String> strings) {

  static JavaText of(String source) {
    StringBuilder code = new StringBuilder();
    List<String> strings = new ArrayList<>();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        code.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end;
        strings.add(source.substring(i + 3, end));
        code.append(source, i, Math.min(n, end + 3));
        i = end + 3;
      } else if (c == '"' || c == '\'') {
        StringBuilder literal = new StringBuilder();
        int j = i + 1;
        while (j < n && source.charAt(j) != c) {
          if (source.charAt(j) == '\\' && j + 1 < n) {
            j++;
          }
          literal.append(source.charAt(j++));
        }
        if (c == '"') {
          strings.add(literal.toString());
        }
        code.append(source, i, Math.min(n, j + 1));
        i = j + 1;
      } else {
        code.append(c);
        i++;
      }
    }
    return new JavaText(code.toString(), strings);
  }

  // --- @ConfigMapping interfaces: settings a service reads that no properties file names -------

  private static final Pattern CONFIG_MAPPING =
      Pattern.compile(
          "@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)\\s*(?:public\\s+)?interface\\s+(\\w+)");
  private static final Pattern MAPPING_MEMBER =
      Pattern.compile(
          "((?:@\\w+(?:\\([^)]*\\))?\\s*)*)([\\w.]+(?:<[^;(){}]*>)?)\\s+(\\w+)\\(\\s*\\)\\s*;");
  private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"\\s*\\)");

  /**
   * The full names of the settings of every @ConfigMapping interface in a source, as SmallRye names
   * them: the prefix, then each method's @WithName or its name in kebab case, a nested interface's
   * methods under the name of the method returning it.
   */
  static Set<String> configMappingNames(String code) {
    Set<String> names = new TreeSet<>();
    Matcher mapping = CONFIG_MAPPING.matcher(code);
    while (mapping.find()) {
      collectMapping(code, mapping.group(2), mapping.group(1), names);
    }
    return names;
  }

  private static void collectMapping(String code, String type, String prefix, Set<String> names) {
    String body = withoutNestedTypes(typeBody(code, type));
    Matcher member = MAPPING_MEMBER.matcher(body);
    while (member.find()) {
      Matcher withName = WITH_NAME.matcher(member.group(1));
      String name = withName.find() ? withName.group(1) : kebab(member.group(3));
      String returned = member.group(2).replaceAll("<.*", "");
      if (Pattern.compile("\\binterface\\s+" + Pattern.quote(returned) + "\\b")
          .matcher(code)
          .find()) {
        collectMapping(code, returned, prefix + "." + name, names);
      } else {
        names.add(prefix + "." + name);
      }
    }
  }

  /** What is between the braces of {@code interface type}. */
  private static String typeBody(String code, String type) {
    Matcher declaration =
        Pattern.compile("\\binterface\\s+" + Pattern.quote(type) + "\\b[^{]*\\{").matcher(code);
    if (!declaration.find()) {
      return "";
    }
    int depth = 1;
    int i = declaration.end();
    while (i < code.length() && depth > 0) {
      char c = code.charAt(i++);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    }
    return code.substring(declaration.end(), i - 1);
  }

  private static String withoutNestedTypes(String body) {
    StringBuilder own = new StringBuilder();
    int depth = 0;
    for (char c : body.toCharArray()) {
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        own.append(';');
      } else if (depth == 0) {
        own.append(c);
      }
    }
    // What remains of a nested type is its header ("interface Poll;"): no member.
    return own.toString().replaceAll("\\binterface\\s+\\w+[^;]*;", "");
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
