// The build failed on the gate (a MojoFailureException, "There was a test failure"-like), not on bad input, and
// only after the run wrote its reports: junit.xml has the failed check as a failed test case.
def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] Gate: FAILED (1 of 3 checks)')
assert log.contains('Callstorm gate of ci-smoke.yaml failed (1 of 3 checks)')
assert log.contains('  - user_perceived_gap.p95 < 0 ms: user_perceived_gap P95 at peak (100 concurrent')
assert log.contains('needs < 0 ms')
assert log.contains('MojoFailureException')
assert !log.contains('MojoExecutionException')

def junit = new File(basedir, 'target/callstorm/junit.xml')
assert junit.isFile()
def suite = new groovy.xml.XmlSlurper().parse(junit).testsuite
assert suite.@tests == '3'
assert suite.@failures == '1'
def failed = suite.testcase.findAll { it.failure.size() > 0 }*.@name*.toString()
assert failed == ['user_perceived_gap.p95 < 0 ms']
assert new File(basedir, 'target/callstorm/report.json').isFile()
return true
