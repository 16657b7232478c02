package io.drsorch.plans.kafka;

/**
 * A record without a key on a topic a {@link TopicView} reads: a view holds the latest value per
 * key, so such a record has no place in it. (A compacted topic refuses them; a topic whose cleanup
 * policy was changed by hand may not.)
 */
public class MissingKeyException extends RuntimeException {

  public MissingKeyException() {
    super("record without a key: the view holds values by key");
  }
}
