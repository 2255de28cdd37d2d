# Every agent type: an image feeds a vision task, speech feeds a
# recognition task, an embedding is an output only.
flow "media" {}

agent "painter" {
  type     = "image"
  provider = "openai"
}

agent "seer" {
  type     = "vision"
  provider = "openai"
}

agent "voice" {
  type     = "speech"
  provider = "openai"
}

agent "ear" {
  type     = "recognition"
  provider = "openai"
}

agent "vec" {
  type     = "embed"
  provider = "openai"
}

agent "llm" {
  type     = "text"
  provider = "openai"
}

task "idea" {
  agent = agent.llm
  input = "an idea"
}

task "picture" {
  agent = agent.painter
  input = "paint ${task.idea.output}"
}

task "caption" {
  agent = agent.seer
  input = "describe the picture"
  after = [task.picture]
}

task "speak" {
  agent = agent.voice
  after = [task.caption]
}

task "transcribe" {
  agent = agent.ear
  input = "a caption, read aloud"
  after = [task.speak]
}

task "embedding" {
  agent = agent.vec
  after = [task.transcribe]
}
