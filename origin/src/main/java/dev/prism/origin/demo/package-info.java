/**
 * {@code prism demo}: the development key group, key pair and viewer JWKS kept in the git-ignored
 * {@code .prism/} folder ({@link dev.prism.origin.demo.DemoKeys}), the demo clip transcoded into
 * the folder store unless that version is already there, and the origin started with the gate, the
 * entitlement mint and the {@code /player} page ({@link dev.prism.origin.demo.DemoRun}).
 *
 * <p>DEVELOPMENT ONLY: everything here trusts keys that anyone with the {@code .prism/} folder can
 * use. {@code prism serve} never uses this package.
 */
@NullMarked
package dev.prism.origin.demo;

import org.jspecify.annotations.NullMarked;
