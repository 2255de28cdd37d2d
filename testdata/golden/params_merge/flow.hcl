# Agent params merged under task params; extra passes through.
flow "params" {}

agent "llm" {
  type     = "text"
  provider = "openai"
  params = {
    temperature = 0.2
    top_p       = 1
    max_tokens  = 800
    seed        = 42
    stop        = ["END", "\"STOP\""]
    extra       = { logprobs = true, user = "u1" }
  }
}

agent "painter" {
  type     = "image"
  provider = "stability"
  params = {
    aspect_ratio    = "16:9"
    negative_prompt = "blurry"
    seed            = 7
  }
}

agent "voice" {
  type     = "speech"
  provider = "openai"
  params   = { voice = "alloy", format = "wav" }
}

agent "ear" {
  type     = "recognition"
  provider = "openai"
  params   = { language = "en" }
}

agent "vec" {
  type     = "embed"
  provider = "gemini"
  params   = { dimensions = 256 }
}

task "plain" {
  agent = agent.llm
  input = "plain"
}

task "hot" {
  agent  = agent.llm
  input  = "hot"
  params = { temperature = 1.5, max_tokens = 100 }
}

task "logo" {
  agent  = agent.painter
  input  = "a logo"
  params = { size = "1024x1024", quality = "hd" }
}

task "say" {
  agent = agent.voice
  input = "hello"
}

task "hear" {
  agent = agent.ear
  after = [task.say]
}

task "embed" {
  agent = agent.vec
  input = "embed me"
}
