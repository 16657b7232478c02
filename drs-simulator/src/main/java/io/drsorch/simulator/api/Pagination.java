package io.drsorch.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * DRS pagination: {@code maxResults} and an opaque {@code nextToken}. A token names the last item
 * handed out (by its sequence number), not an offset, so that items created between two pages
 * neither repeat nor go missing from a newest-first listing.
 */
public final class Pagination {

  /** The largest page; also the page size when the caller names none. */
  public static final int MAX_RESULTS = 1000;

  private Pagination() {}

  /** One page and the token for the next one (null on the last page). */
  public record Page<T>(List<T> items, String nextToken) {

    /** Writes {@code nextToken} into a response when there is a next page. */
    public void writeTokenTo(ObjectNode response) {
      if (nextToken != null) {
        response.put("nextToken", nextToken);
      }
    }
  }

  /**
   * The page of {@code ordered} that the request's {@code maxResults} and {@code nextToken} ask
   * for.
   *
   * @param ordered the items in listing order
   * @param key each item's sequence number, strictly monotonic along {@code ordered}
   * @param descending whether {@code ordered} lists keys from high to low
   * @param listing a name for the listing, so a token from another listing is refused
   */
  public static <T> Page<T> page(
      JsonNode request,
      List<T> ordered,
      ToLongFunction<T> key,
      boolean descending,
      String listing) {
    int maxResults = maxResults(request);
    int start = 0;
    String token = RequestFields.string(request, "nextToken", null).orElse("");
    if (!token.isEmpty()) {
      long last = decode(token, listing);
      while (start < ordered.size()
          && !isAfter(key.applyAsLong(ordered.get(start)), last, descending)) {
        start++;
      }
    }
    int end = Math.min(ordered.size(), start + maxResults);
    List<T> items = List.copyOf(ordered.subList(start, end));
    String next =
        end < ordered.size() ? encode(listing, key.applyAsLong(ordered.get(end - 1))) : null;
    return new Page<>(items, next);
  }

  private static boolean isAfter(long candidate, long last, boolean descending) {
    return descending ? candidate < last : candidate > last;
  }

  private static int maxResults(JsonNode request) {
    JsonNode value = request.path("maxResults");
    if (value.isMissingNode() || value.isNull()) {
      return MAX_RESULTS;
    }
    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_RESULTS) {
      throw DrsError.invalidField("maxResults", "must be a whole number from 1 to " + MAX_RESULTS);
    }
    return value.asInt();
  }

  private static String encode(String listing, long lastKey) {
    String plain = "v1|" + listing + "|" + lastKey;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  private static long decode(String token, String listing) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = plain.split("\\|");
      if (parts.length == 3 && parts[0].equals("v1") && parts[1].equals(listing)) {
        return Long.parseLong(parts[2]);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the validation error below
    }
    throw DrsError.invalidField("nextToken", "is not a token this listing handed out");
  }
}
