#!/usr/bin/env bash
# Sound for a machine with no sound card (CI, a server, a container): an ALSA "null"
# device that accepts sound and discards it, and speech-dispatcher told to use ALSA. The
# game then plays its tones, clips and speech for real, only nobody hears them.
# A machine with a sound card is left alone, and existing files are never overwritten.
set -euo pipefail

if [ -s /proc/asound/cards ] && ! grep -q "no soundcards" /proc/asound/cards; then
    echo "audio-setup: this machine has a sound card; nothing to do"
    exit 0
fi

if [ ! -e "$HOME/.asoundrc" ]; then
    printf 'pcm.!default { type null }\nctl.!default { type hw card 0 }\n' > "$HOME/.asoundrc"
    echo "audio-setup: ALSA's default device is now a null device ($HOME/.asoundrc)"
fi

conf_dir="${XDG_CONFIG_HOME:-$HOME/.config}/speech-dispatcher"
if [ -f /etc/speech-dispatcher/speechd.conf ] && [ ! -e "$conf_dir/speechd.conf" ]; then
    mkdir -p "$conf_dir"
    cp /etc/speech-dispatcher/speechd.conf "$conf_dir/speechd.conf"
    printf '\n# Written by Calmline tools/audio-setup.sh: no PulseAudio here.\nAudioOutputMethod "alsa"\n' \
        >> "$conf_dir/speechd.conf"
    echo "audio-setup: speech-dispatcher speaks through ALSA ($conf_dir/speechd.conf)"
fi
