/**
 * {@code callstorm-maven-plugin}: the {@code callstorm:run} goal, which runs a simulation file in the build and fails
 * it when the gate fails ({@link io.callstorm.maven.RunMojo}).
 */
package io.callstorm.maven;
