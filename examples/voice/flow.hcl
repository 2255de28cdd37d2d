# A round trip through audio: text to speech, then speech back to text.
flow "voice" {
  package     = "main"
  description = "Voice speaks a sentence and transcribes it back."
}

variable "sentence" {
  default = "Compiled pipelines are just Go."
}

agent "speaker" {
  type     = "speech"
  provider = "openai"
  model    = "gpt-4o-mini-tts"
  params   = { voice = "alloy", format = "wav" }
}

agent "listener" {
  type     = "recognition"
  provider = "openai"
  model    = "whisper-1"
  params   = { language = "en" }
}

task "say" {
  agent = agent.speaker
  input = var.sentence
}

task "hear" {
  agent = agent.listener
  after = [task.say]
}
