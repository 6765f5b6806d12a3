package dev.prism.store;

/**
 * A whole object and the tag of exactly these bytes, as {@link BlobStore#readTagged} returns it:
 * the tag is what a later {@link BlobStore#writeIfMatch} names to replace this object only if
 * nobody replaced it meanwhile.
 *
 * @param bytes the object's content (not copied; do not modify)
 * @param etag the object's tag when these bytes were read, as {@link BlobMetadata#etag()} gives it
 */
public record TaggedBytes(byte[] bytes, String etag) {}
