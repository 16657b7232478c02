package io.drsorch.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A small client for the Confluent Schema Registry REST API: the two calls a serde needs, both
 * cached. Any Confluent-compatible registry works (Confluent, Apicurio's {@code /apis/ccompat/v7},
 * Karapace, Redpanda). One instance is shared by all serdes of a process, so each schema is
 * registered and each id looked up once per process.
 */
public final class SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();
  private static final int MAX_SHOWN_BODY = 500;

  /** How often a registration answered 409 is sent (see {@link #register}). */
  private static final int REGISTRATION_TRIES = 3;

  private final URI baseUrl;
  private final HttpClient http;
  private final RegistryAccess access;
  private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Object> registrationLocks = new ConcurrentHashMap<>();

  /**
   * Ids of the schemas registered through this client, by subject and schema: a schema's hash is
   * computed once and an equal check starts with identity, so a lookup costs no schema text.
   */
  private final Map<Registration, Integer> registered = new ConcurrentHashMap<>();

  private record Registration(String subject, Schema schema) {}

  /** A client with the credentials and truststore of the environment ({@link RegistryAccess}). */
  public SchemaRegistryClient(String baseUrl) {
    this(baseUrl, RegistryAccess.fromEnvironment());
  }

  public SchemaRegistryClient(String baseUrl, RegistryAccess access) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("schema registry URL is not set");
    }
    String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.baseUrl = URI.create(trimmed + "/");
    this.access = access;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    access.sslContext().ifPresent(builder::sslContext);
    this.http = builder.build();
  }

  /** The process-wide client for a registry URL, so that caches are shared by every serde. */
  public static SchemaRegistryClient shared(String baseUrl) {
    return SHARED.computeIfAbsent(baseUrl, SchemaRegistryClient::new);
  }

  public String baseUrl() {
    return baseUrl.toString();
  }

  /**
   * Registers a schema under a subject (or finds it, if already registered) and returns its id. The
   * registry refuses a schema that breaks the subject's compatibility rule: that refusal surfaces
   * here as a {@link SerializationException} naming the subject.
   */
  public int register(String subject, Schema schema) {
    // The same schema object registered again (the launcher does before every launch) is found
    // without printing the schema as JSON, which showed in the launcher's profile under load.
    Integer known = registered.get(new Registration(subject, schema));
    if (known != null) {
      return known;
    }
    int id = registerByText(subject, schema);
    registered.put(new Registration(subject, schema), id);
    return id;
  }

  private int registerByText(String subject, Schema schema) {
    String key = subject + '\u0000' + schema.toString();
    Integer cached = idsBySubjectAndSchema.get(key);
    if (cached != null) {
      return cached;
    }
    // One registration of a subject at a time in this process: a burst of first records (32
    // executions started at once on a fresh stack) asks once, and the others read the cache.
    synchronized (registrationLocks.computeIfAbsent(subject, s -> new Object())) {
      cached = idsBySubjectAndSchema.get(key);
      if (cached != null) {
        return cached;
      }
      for (int attempt = 1; ; attempt++) {
        try {
          return registerNow(subject, schema, key);
        } catch (RefusedException e) {
          // Apicurio's Confluent API answers 409 "artifact already exists" to the loser of two
          // processes registering a new subject at the same moment; asked again, it finds the
          // schema. A 409 that lasts is Confluent's incompatible schema: reported as it is.
          if (e.status != 409 || attempt == REGISTRATION_TRIES) {
            throw e;
          }
          pause(Duration.ofMillis(100L * attempt));
        }
      }
    }
  }

  private int registerNow(String subject, Schema schema, String key) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (IOException e) {
      throw new SerializationException("cannot encode schema for subject " + subject, e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("subjects/" + encode(subject) + "/versions"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", CONTENT_TYPE)
            .header("Accept", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    JsonNode answer = send(request, "register a schema under subject " + subject);
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SerializationException(
          "schema registry gave no id for subject " + subject + ": " + answer);
    }
    idsBySubjectAndSchema.put(key, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  /**
   * Sets a subject's compatibility level ({@code BACKWARD}, {@code FULL}, ...), so that the
   * registry refuses a new schema version that the subject's readers could not read. Works before
   * the subject has any version.
   */
  public void setCompatibility(String subject, String level) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("config/" + encode(subject)))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", CONTENT_TYPE)
            .header("Accept", CONTENT_TYPE)
            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
            .build();
    send(request, "set the compatibility of subject " + subject + " to " + level);
  }

  /** A subject's compatibility level as the registry reports it (its own or the global one). */
  public String compatibility(String subject) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("config/" + encode(subject)))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", CONTENT_TYPE)
            .GET()
            .build();
    JsonNode answer = send(request, "read the compatibility of subject " + subject);
    return answer.path("compatibilityLevel").asText(answer.path("compatibility").asText(null));
  }

  /**
   * Reads the latest schema of a subject into the cache of schemas by id, so that the first record
   * written with it is read without asking the registry. Returns its id; empty when the subject has
   * no version yet.
   */
  public Optional<Integer> cacheLatest(String subject) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("subjects/" + encode(subject) + "/versions/latest"))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", CONTENT_TYPE)
            .GET()
            .build();
    JsonNode answer;
    try {
      answer = send(request, "read the latest schema of subject " + subject);
    } catch (RefusedException e) {
      if (e.status == 404) {
        return Optional.empty(); // no version yet: its writer has not started
      }
      throw e;
    }
    int id = answer.path("id").asInt(-1);
    String text = answer.path("schema").asText(null);
    if (id < 0 || text == null) {
      return Optional.empty();
    }
    schemasById.putIfAbsent(id, new Schema.Parser().parse(text));
    return Optional.of(id);
  }

  /** The schema a record was written with, by the id in its Confluent wire-format header. */
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve("schemas/ids/" + id))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", CONTENT_TYPE)
            .GET()
            .build();
    JsonNode answer = send(request, "look up schema id " + id);
    String text = answer.path("schema").asText(null);
    if (text == null) {
      throw new RegistryUnavailableException("schema registry has no schema text for id " + id);
    }
    Schema schema = new Schema.Parser().parse(text);
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  private JsonNode send(HttpRequest unsigned, String what) {
    HttpRequest request =
        access
            .authorization()
            .map(
                value ->
                    HttpRequest.newBuilder(unsigned, (name, v) -> true)
                        .header("Authorization", value)
                        .build())
            .orElse(unsigned);
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "cannot reach schema registry at " + baseUrl + " to " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while trying to " + what, e);
    }
    if (response.statusCode() / 100 != 2) {
      String message =
          "schema registry refused to "
              + what
              + ": HTTP "
              + response.statusCode()
              + " "
              + shown(response.body());
      if (RegistryUnavailableException.isUnavailable(response.statusCode())) {
        throw new RegistryUnavailableException(message);
      }
      throw new RefusedException(message, response.statusCode());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      // A proxy's page, a registry still starting: not the record's fault.
      throw new RegistryUnavailableException(
          "schema registry answered " + what + " with unreadable JSON: " + shown(response.body()),
          e);
    }
  }

  /**
   * A registry's answer, cut: an error page may be large, and it ends up in dead-letter headers.
   */
  private static String shown(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= MAX_SHOWN_BODY ? body : body.substring(0, MAX_SHOWN_BODY) + "...";
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while registering a schema", e);
    }
  }

  /** The registry answered, and said no: with its HTTP status. */
  private static final class RefusedException extends SerializationException {
    final int status;

    RefusedException(String message, int status) {
      super(message);
      this.status = status;
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }
}
