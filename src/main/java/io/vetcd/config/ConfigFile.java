package io.vetcd.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON config file. Its keys are the flag names without dashes, as in etcd's YAML config file:
 * <pre>{"name": "node1", "data-dir": "node1.etcd", "listen-client-urls": "http://127.0.0.1:2379",
 *  "snapshot-count": 10000, "client-cert-auth": true}</pre>
 * URL lists may be one comma-separated string (etcd's form) or a JSON array. etcd's nested TLS
 * objects {@code "client-transport-security": {"cert-file": ...}} and
 * {@code "peer-transport-security": {...}} are read too, so an etcd config written as JSON works
 * unchanged. A key that is neither a vetcd nor an etcd setting is an error, to catch typos.
 */
final class ConfigFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT_SECURITY = "client-transport-security";
  private static final String PEER_SECURITY = "peer-transport-security";

  /**
   * @param values setting name to its text
   * @param ignoredFlags etcd settings present in the file that vetcd does not act on
   */
  record Contents(Map<String, RawValue> values, List<String> ignoredFlags) {
  }

  private final String fileName;
  private final Map<String, RawValue> values = new LinkedHashMap<>();
  private final List<String> ignoredFlags = new ArrayList<>();

  private ConfigFile(String fileName) {
    this.fileName = fileName;
  }

  static Contents read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e);
    }
    return parse(text, path.toString());
  }

  /** @param fileName how errors name the source */
  static Contents parse(String json, String fileName) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ConfigException("config file " + fileName + " is not valid JSON: "
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("config file " + fileName + " must hold a JSON object");
    }
    ConfigFile file = new ConfigFile(fileName);
    root.fields().forEachRemaining(field -> file.readTopLevel(field.getKey(), field.getValue()));
    return new Contents(file.values, file.ignoredFlags);
  }

  private void readTopLevel(String key, JsonNode node) {
    if (key.equals(CLIENT_SECURITY) || key.equals(PEER_SECURITY)) {
      if (!node.isObject()) {
        throw new ConfigException(
            "\"" + key + "\" in config file " + fileName + " must be an object");
      }
      // The nested keys are the client flag names; the peer ones get the flags' "peer-" prefix.
      String prefix = key.equals(PEER_SECURITY) ? "peer-" : "";
      node.fields().forEachRemaining(
          field -> readSetting(prefix + field.getKey(), field.getValue()));
    } else {
      readSetting(key, node);
    }
  }

  private void readSetting(String key, JsonNode node) {
    if (EtcdOnlyFlags.contains(key)) {
      ignoredFlags.add(key);
      return;
    }
    if (Flag.byName(key).isEmpty()) {
      throw new ConfigException("unknown key \"" + key + "\" in config file " + fileName);
    }
    if (node.isNull()) {
      return;
    }
    values.put(key, RawValue.ofFile(key, text(key, node), fileName));
  }

  private String text(String key, JsonNode node) {
    if (node.isValueNode()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.elements().forEachRemaining(element -> parts.add(text(key, element)));
      return String.join(",", parts);
    }
    throw new ConfigException("\"" + key + "\" in config file " + fileName
        + " must be a string, a number, a boolean or an array");
  }
}
