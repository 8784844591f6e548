// The failure names the model and carries the converter's diagnostic (place and message), not a stack trace.
def log = new File(basedir, 'build.log').text
assert log.contains('mil4j: 1 of 1 models could not be converted') : 'no failure summary'
assert log.contains('line 5:29: %undefined is not defined before this use') : 'no diagnostic'
assert !log.contains('\tat dev.mil4j') && !log.contains('Exception in thread') : 'a stack trace was printed'
assert !new File(basedir, 'target/generated-resources/mil4j/broken.mlpackage').exists() : 'an output was written'
return true
