/**
 * The just-in-time core: one entry, {@link dev.prism.packager.resource.Packager#resource}, from a
 * parsed request ({@link dev.prism.packager.naming.PackagingRequest}) and what the caller has
 * loaded ({@link dev.prism.packager.resource.PackagingSource}) to a {@link
 * dev.prism.packager.resource.PackagedResource}: bytes with a content type, or byte ranges of a
 * stored track file that the caller may send with zero copy.
 *
 * <p>Synchronous and deterministic: no clock, no threads, no store, no HTTP. The caller caches,
 * reads the store, and maps {@link dev.prism.packager.PackagingException} to its protocol (the
 * origin does so in one place, {@code HttpErrors}). See {@code docs/ARCHITECTURE.md}.
 *
 * <p>Adding an output kind costs a request record in {@link dev.prism.packager.naming}, a writer,
 * and one arm in {@link dev.prism.packager.resource.Packager#resource}.
 */
@NullMarked
package dev.prism.packager.resource;

import org.jspecify.annotations.NullMarked;
