FROM gradle:8-jdk21 AS build
WORKDIR /home/gradle/app
COPY build.gradle.kts gradlew settings.gradle.kts ./
COPY gradle ./gradle/
RUN ./gradlew dependencies --no-daemon
COPY . .
RUN ./gradlew bootJar --no-daemon
