task "outline" {
  agent = agent.llm
  input = "outline"
}

task "expand" {
  agent = agent.llm
  input = "expand ${task.outline.output}"
}
