#include "core/keys.hpp"

namespace backcare {
namespace {

constexpr std::size_t kMaxParams = 16;  // more are read but not kept

KeyKind arrow(unsigned char final) {
  switch (final) {
    case 'A': return KeyKind::up;
    case 'B': return KeyKind::down;
    case 'C': return KeyKind::right;
    case 'D': return KeyKind::left;
    default: return KeyKind::ignored;
  }
}

}  // namespace

void KeyDecoder::end_sequence(KeyKind kind) {
  out_.push_back({kind, 0});
  state_ = State::ground;
  params_.clear();
}

void KeyDecoder::csi_final(unsigned char b) {
  // Plain arrows only ("ESC [ A", or "ESC [ 1 A"); with a modifier
  // ("ESC [ 1 ; 5 D", Ctrl-Left) or any other parameter, they mean nothing.
  bool plain = params_.empty() || params_ == "1";
  end_sequence(plain ? arrow(b) : KeyKind::ignored);
}

void KeyDecoder::feed(unsigned char b) {
  switch (state_) {
    case State::ground:
      if (b == 0x1b) state_ = State::escape;
      else out_.push_back({KeyKind::byte, b});
      return;
    case State::escape:
      switch (b) {
        case '[': state_ = State::csi; return;
        case 'O': state_ = State::ss3; return;
        case 'P': case ']': case 'X': case '^': case '_': state_ = State::string; return;
        case 0x1b: out_.push_back({KeyKind::ignored, 0}); return;  // Escape, then a new sequence
        default:
          if (b < 0x20 || b == 0x7f) {  // Escape, then a control key that still counts (Ctrl-C)
            end_sequence(KeyKind::ignored);
            feed(b);
            return;
          }
          end_sequence(KeyKind::ignored);  // Alt with a key
          return;
      }
    case State::csi:
    case State::ss3:
      if (state_ == State::csi && b == '[' && params_.empty()) {
        state_ = State::csi_linux;
        return;
      }
      if (b >= 0x20 && b <= 0x3f) {  // parameters and intermediates
        if (params_.size() < kMaxParams) params_ += static_cast<char>(b);
        return;
      }
      if (b >= 0x40 && b <= 0x7e) {
        if (state_ == State::csi) {
          csi_final(b);
        } else {
          end_sequence(params_.empty() ? arrow(b) : KeyKind::ignored);
        }
        return;
      }
      // A byte no sequence holds (a control key, DEL, a non-ASCII byte):
      // the sequence was cut short; the byte counts by itself.
      end_sequence(KeyKind::ignored);
      feed(b);
      return;
    case State::csi_linux:
      if (b >= 0x40 && b <= 0x7e) {
        end_sequence(KeyKind::ignored);
        return;
      }
      end_sequence(KeyKind::ignored);
      feed(b);
      return;
    case State::string:
      if (b == 0x07) end_sequence(KeyKind::ignored);
      else if (b == 0x1b) state_ = State::string_escape;
      return;
    case State::string_escape:
      if (b == '\\') end_sequence(KeyKind::ignored);
      else if (b != 0x1b) state_ = State::string;
      return;
  }
}

void KeyDecoder::timeout() {
  if (state_ != State::ground) end_sequence(KeyKind::ignored);
}

std::optional<InputKey> KeyDecoder::next() {
  if (out_.empty()) return std::nullopt;
  InputKey k = out_.front();
  out_.pop_front();
  return k;
}

}  // namespace backcare
