/**
 * The URL layout of docs/ARCHITECTURE.md, owned in one place and in both directions: {@link
 * dev.prism.packager.naming.ResourceNaming} formats every path and relative URI the manifests
 * carry, and parses request paths back into {@link dev.prism.packager.naming.PackagingRequest}s.
 */
@NullMarked
package dev.prism.packager.naming;

import org.jspecify.annotations.NullMarked;
