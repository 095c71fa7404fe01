// Bad input fails the build as an error of its configuration (MojoExecutionException), every problem listed at once,
// and no call was placed: nothing was written.
def log = new File(basedir, 'build.log').text
assert log.contains('MojoExecutionException')
assert log.contains('Invalid simulation run (4 problems)')
assert log =~ /simulation file .*bad\.yaml: rows/
assert log =~ /simulation file .*bad\.yaml: load\.stages\[0\]\.duration/
assert log.contains('gate "user_perceived_gap.p95 below 800ms": cannot read it')
assert log.contains('gate "conversation_resolutoin>=0.8": unknown rubric "conversation_resolutoin"')
assert !new File(basedir, 'target/callstorm').exists()
return true
