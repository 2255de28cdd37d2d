# Strings with quotes, backticks, a comment terminator, percent signs,
# escaped interpolation, newlines and unicode, everywhere text can go.
flow "escapes" {
  description = "Quotes \" and `backticks`, */ and /* and 100% of ${"$"}{x}.\nSecond line: héllo 世界 🎉"
}

variable "quote" {
  description = "A \"quoted\" */ description\nover two lines"
  default     = "it's \"quoted\" `x` */ 50%"
}

agent "llm" {
  type     = "text"
  provider = "openai"
  mission  = "Say \"hi\" */ `now` 100%"
}

task "weird" {
  agent = agent.llm
  input = "He said \"hi\" */ and `ran` at 100% with $${literal} and %%{ not a directive } — naïve café ✓\nnew line\ttab\\backslash ${var.quote}"
}
